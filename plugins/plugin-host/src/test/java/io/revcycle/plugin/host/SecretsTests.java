package io.revcycle.plugin.host;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.WebhookResult;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	private final Secrets secrets = Secrets.of(Stubs.SPEC,
			new ConnectorConfig(Map.of("apiKey", "sk_live_42", "account", "sk_live")));

	@Test
	void masksEveryValueOfASecretField() {
		assertThat(this.secrets.mask("key sk_live_42, again sk_live_42; account sk_live"))
			.isEqualTo("key ****, again ****; account sk_live");
		assertThat(this.secrets.mask((String) null)).isNull();
	}

	@Test
	void masksASecretThatContainsAnotherWhole() {
		Secrets nested = Secrets.of(
				io.revcycle.plugin.api.ConfigSpec.of(io.revcycle.plugin.api.ConfigField.string("a").asSecret(),
						io.revcycle.plugin.api.ConfigField.string("b").asSecret()),
				new ConnectorConfig(Map.of("a", "abc", "b", "abcdef")));
		assertThat(nested.mask("x abcdef y abc")).isEqualTo("x **** y ****");
	}

	@Test
	void copiesAThrowableWithMaskedMessagesAndItsStackTrace() {
		IOException cause = new IOException("401 for key sk_live_42");
		IllegalStateException thrown = new IllegalStateException("check with sk_live_42 failed", cause);

		Throwable copy = this.secrets.sanitize(thrown);

		assertThat(copy).isInstanceOf(Secrets.PluginException.class)
			.hasMessage("java.lang.IllegalStateException: check with **** failed");
		assertThat(copy.toString()).isEqualTo("java.lang.IllegalStateException: check with **** failed");
		assertThat(copy.getStackTrace()).isEqualTo(thrown.getStackTrace());
		assertThat(copy.getCause()).hasMessage("java.io.IOException: 401 for key ****");
	}

	@Test
	void survivesACycleOfCauses() {
		RuntimeException a = new RuntimeException("a sk_live_42");
		RuntimeException b = new RuntimeException("b", a);
		a.initCause(b);
		Throwable copy = this.secrets.sanitize(a);
		assertThat(copy.getCause().getCause()).isSameAs(copy);
	}

	@Test
	void masksTheTextsOfResults() {
		assertThat(this.secrets.mask(CheckResult.failed("key sk_live_42 refused")))
			.isEqualTo(CheckResult.failed("key **** refused"));
		assertThat(this.secrets.mask(WebhookResult.throttle("slow down sk_live_42", Duration.ofSeconds(5))))
			.isEqualTo(WebhookResult.throttle("slow down ****", Duration.ofSeconds(5)));
		assertThat(this.secrets.mask(new ConfigProblem("apiKey", "sk_live_42 is revoked")))
			.isEqualTo(new ConfigProblem("apiKey", "**** is revoked"));
		ActionResult action = this.secrets.mask(new ActionResult(ActionResult.Status.FAILED, "ext-1",
				"sent with sk_live_42", null, Map.of("key", "sk_live_42", "count", 3, "nested",
						Map.of("keys", Arrays.asList("a", "sk_live_42", null)), "tags", Set.of("sk_live_42"))));
		assertThat(action.message()).isEqualTo("sent with ****");
		assertThat(action.externalId()).isEqualTo("ext-1");
		assertThat(action.output()).containsEntry("key", "****")
			.containsEntry("count", 3)
			.containsEntry("nested", Map.of("keys", Arrays.asList("a", "****", null)))
			.containsEntry("tags", Set.of("****"));
	}

	@Test
	void returnsAResultWithoutSecretsAsItIs() {
		CheckResult check = CheckResult.ok("fine, account sk_live");
		ActionResult action = new ActionResult(ActionResult.Status.DONE, "ext-1", null, null,
				Map.of("ids", List.of("a", "b")));
		WebhookResult webhook = WebhookResult.accept(List.of());
		assertThat(this.secrets.mask(check)).isSameAs(check);
		assertThat(this.secrets.mask(action)).isSameAs(action);
		assertThat(this.secrets.mask(webhook)).isSameAs(webhook);
	}

	@Test
	void takesTheSecretsOfASubmittedConfigurationAsGiven() {
		Map<String, String> submitted = new java.util.HashMap<>();
		submitted.put("apiKey", "sk_new_7");
		submitted.put("account", null);
		assertThat(Secrets.of(Stubs.SPEC, submitted).mask("sk_new_7 and sk_live_42")).isEqualTo("**** and sk_live_42");
		assertThat(Secrets.of(Stubs.SPEC, Map.of()).mask("sk_new_7")).isEqualTo("sk_new_7");
	}

}
