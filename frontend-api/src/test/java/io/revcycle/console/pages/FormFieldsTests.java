package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.pages.FormFields.Type;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form named by the document's paths reads back as the document, with typed values,
 * rows added and removed, and the platform's problems found by the fields' names.
 */
class FormFieldsTests {

	private static final FormFields FIELDS = new FormFields().field("policies[].minutes", Type.INT)
		.field("policies[].businessTime", Type.BOOL)
		.field("policies[].byOwner", Type.OPTIONAL_BOOL)
		.field("policies[].satisfiedBy", Type.LIST)
		.field("policies[].ladder[].afterMinutes", Type.INT)
		.field("policies[].restartOn", Type.LIST)
		.field("calendar.workingDays", Type.CHOICES)
		.rows("policies[].ladder",
				() -> JsonNodeFactory.instance.objectNode().put("afterMinutes", 0).put("action", "notify_owner"));

	@Test
	void theFieldsOfAFormReadBackAsTheDocumentTheirNamesDescribe() {
		Map<String, String[]> form = new LinkedHashMap<>();
		form.put("_csrf", new String[] { "token" });
		form.put("policies[0].stage", new String[] { "MQL" });
		form.put("policies[0].minutes", new String[] { " 240 " });
		form.put("policies[0].businessTime", new String[] { "false", "true" });
		form.put("policies[0].byOwner", new String[] { "" });
		form.put("policies[0].satisfiedBy", new String[] { "call_outbound, email_sent,," });
		form.put("policies[0].ladder[0].afterMinutes", new String[] { "0" });
		form.put("policies[0].ladder[0].action", new String[] { "notify_owner" });
		form.put("policies[0].ladder[1].afterMinutes", new String[] { "sixty" });
		form.put("policies[0].ladder[1].action", new String[] { "escalate_manager" });
		form.put("policies[1].stage", new String[] { "SAL" });
		form.put("policies[1].minutes", new String[] { "" });
		form.put("policies[1].businessTime", new String[] { "false" });
		form.put("policies[1].byOwner", new String[] { "true" });
		form.put("policies[1].restartOn", new String[] { " " });
		form.put("calendar.timeZone", new String[] { "Europe/Berlin" });
		form.put("calendar.workingDays", new String[] { "", "MONDAY", "FRIDAY" });
		form.put("calendar.holidays[0]", new String[] { "2026-12-25" });
		form.put("calendar.holidays[1]", new String[] { "" });

		ObjectNode document = FIELDS.read(form);

		assertThat(document.toString()).isEqualTo("{\"policies\":[{\"stage\":\"MQL\",\"minutes\":240,"
				+ "\"businessTime\":true,\"byOwner\":null,\"satisfiedBy\":[\"call_outbound\",\"email_sent\"],"
				+ "\"ladder\":[{\"afterMinutes\":0,\"action\":\"notify_owner\"},"
				+ "{\"afterMinutes\":\"sixty\",\"action\":\"escalate_manager\"}]},"
				+ "{\"stage\":\"SAL\",\"minutes\":null,\"businessTime\":false,\"byOwner\":true,"
				+ "\"restartOn\":null}],"
				+ "\"calendar\":{\"timeZone\":\"Europe/Berlin\",\"workingDays\":[\"MONDAY\",\"FRIDAY\"],"
				+ "\"holidays\":[\"2026-12-25\"]}}");
	}

	@Test
	void rowsAreAddedWithTheirDefaultsAndRemovedByPath() {
		Map<String, String[]> form = new LinkedHashMap<>();
		form.put("policies[0].ladder[0].afterMinutes", new String[] { "0" });
		form.put("policies[0].ladder[0].action", new String[] { "notify_owner" });
		form.put("policies[0].ladder[1].afterMinutes", new String[] { "60" });
		form.put("policies[0].ladder[1].action", new String[] { "escalate_manager" });
		ObjectNode document = FIELDS.read(form);

		String added = FIELDS.changeRows(document, "add:policies[0].ladder");
		assertThat(added).isEqualTo("policies[0].ladder[2]");
		assertThat(document.at("/policies/0/ladder").size()).isEqualTo(3);
		FormFields.Form page = FormFields.form(document).focus(added);
		assertThat(page.autofocus("policies[0].ladder[1].afterMinutes")).isFalse();
		assertThat(page.autofocus("policies[0].ladder[2].afterMinutes")).as("the new row's first field").isTrue();
		assertThat(page.autofocus("policies[0].ladder[2].action")).as("only the first").isFalse();
		assertThat(document.at("/policies/0/ladder/2/action").asString()).isEqualTo("notify_owner");

		FIELDS.changeRows(document, "remove:policies[0].ladder[0]");
		assertThat(document.at("/policies/0/ladder").size()).isEqualTo(2);
		assertThat(document.at("/policies/0/ladder/0/action").asString()).isEqualTo("escalate_manager");

		FIELDS.changeRows(document, "add:policies[0].unknown");
		FIELDS.changeRows(document, "drop:policies[0]");
		assertThat(document.at("/policies/0").size()).as("only declared lists get rows").isEqualTo(1);
	}

	@Test
	void theProblemsThePlatformNamesAreFoundByTheFieldsPaths() {
		Map<String, String[]> form = new LinkedHashMap<>();
		form.put("policies[0].minutes", new String[] { "0" });
		form.put("policies[0].satisfiedBy", new String[] { "a, b" });
		FormFields.Form page = FormFields.form(FIELDS.read(form),
				new ApiProblem(400, "Bad Request", "policies[0].minutes: must be more than 0",
						List.of(new ApiProblem.FieldError("policies[0].minutes", "must be more than 0"),
								new ApiProblem.FieldError("policies[0].minutes", "is odd"))));

		assertThat(page.error("policies[0].minutes")).isEqualTo("must be more than 0; is odd");
		assertThat(page.invalid("policies[0].satisfiedBy")).isFalse();
		assertThat(page.text("policies[0].minutes")).isEqualTo("0");
		assertThat(page.text("policies[0].satisfiedBy")).isEqualTo("a, b");
		assertThat(page.rows("policies")).containsExactly("policies[0]");
		assertThat(page.id("policies[0].minutes")).isEqualTo("f-policies-0-minutes");
	}

}
