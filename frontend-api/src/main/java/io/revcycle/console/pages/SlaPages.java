package io.revcycle.console.pages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import io.revcycle.console.pages.FormFields.Type;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * SLAs: the policy of each stage with its escalation ladder and the business calendar,
 * edited field by field and saved as the platform's document
 * ({@code PUT /api/v1/sla-policies}, checked whole); compliance per stage, team and owner
 * ({@code GET /api/v1/analytics/sla}); the recent breaches.
 */
@Controller
class SlaPages {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** The ladder's actions, each saying who it reaches. */
	static final Map<String, String> ACTIONS = labels("notify_owner", "Notify the owner", "escalate_manager",
			"Escalate to the owner's manager", "reassign", "Reassign through routing (the new owner is notified)",
			"auto_recycle", "Recycle the person (the last step)");

	static final Map<String, String> DAYS = labels("MONDAY", "Mon", "TUESDAY", "Tue", "WEDNESDAY", "Wed", "THURSDAY",
			"Thu", "FRIDAY", "Fri", "SATURDAY", "Sat", "SUNDAY", "Sun");

	static final Map<String, String> BY_OWNER = labels("", "Default (owner only for SAL)", "true",
			"Only the owner's activities", "false", "Anyone's activities");

	/** The fields of {@code SlaTerms}: the policies and the calendar. */
	static final FormFields FIELDS = new FormFields().field("policies[].minutes", Type.INT)
		.field("policies[].businessTime", Type.BOOL)
		.field("policies[].satisfiedBy", Type.LIST)
		.field("policies[].restartOn", Type.LIST)
		.field("policies[].byOwner", Type.OPTIONAL_BOOL)
		.field("policies[].ladder[].afterMinutes", Type.INT)
		.field("calendar.workingDays", Type.CHOICES)
		.rows("policies", SlaPages::newPolicy)
		.rows("policies[].ladder", () -> step(0, "notify_owner"))
		.rows("calendar.holidays", NODES::nullNode);

	private final PlatformApi api;

	SlaPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/slas")
	String slas(Model model) {
		return page(model, FormFields.form(this.api.get(this.api.path("/api/v1/sla-policies"))));
	}

	/**
	 * Saves the document the form describes; a row button only adds or removes a row.
	 * What the platform refuses comes back with the edits and each problem beside its
	 * field.
	 */
	@PostMapping("/slas")
	String save(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(name = FormFields.ROW, required = false) String row, Model model) {
		ObjectNode document = FIELDS.read(request.getParameterMap());
		if (!document.path("calendar").isObject()) {
			document.set("calendar", NODES.objectNode());
		}
		if (!document.path("policies").isArray()) {
			document.set("policies", NODES.arrayNode());
		}
		ObjectNode calendar = (ObjectNode) document.get("calendar");
		if (!calendar.path("holidays").isArray()) {
			calendar.set("holidays", NODES.arrayNode());
		}
		if (row != null) {
			String added = FIELDS.changeRows(document, row);
			model.addAttribute("unsaved", true);
			return page(model, FormFields.form(document).focus(added));
		}
		try {
			this.api.put(this.api.path("/api/v1/sla-policies"), document);
		}
		catch (ApiProblem problem) {
			if (!invalid(problem)) {
				throw problem;
			}
			response.setStatus(problem.status());
			model.addAttribute("problem", problem);
			return page(model, FormFields.form(document, problem));
		}
		return "redirect:/slas?saved";
	}

	/** A refusal of what was typed (not of who typed it), shown beside the fields. */
	static boolean invalid(ApiProblem problem) {
		return problem.status() == 400 || problem.status() == 409 || problem.status() == 422;
	}

	private String page(Model model, FormFields.Form form) {
		model.addAttribute("nav", "slas");
		model.addAttribute("form", form);
		model.addAttribute("actions", ACTIONS);
		model.addAttribute("days", DAYS);
		model.addAttribute("byOwner", BY_OWNER);
		Map<String, String> stages = new LinkedHashMap<>();
		this.api.get(this.api.path("/api/v1/stage-model"))
			.path("stages")
			.forEach((s) -> stages.put(s.path("name").asString(), s.path("name").asString()));
		model.addAttribute("stages", stages);

		Map<String, String> emails = new HashMap<>();
		Map<String, String> teams = new HashMap<>();
		for (Map<String, Object> user : Json.items(this.api.get(this.api.path("/api/v1/users").query("limit", 200)))) {
			emails.put(String.valueOf(user.get("id")), String.valueOf(user.get("email")));
			teams.put(String.valueOf(user.get("id")), (user.get("team") != null) ? (String) user.get("team") : null);
		}
		Map<String, Object> compliance = Json.map(this.api.get(this.api.path("/api/v1/analytics/sla")));
		for (String group : List.of("byStage", "byTeam", "byOwner")) {
			for (Map<String, Object> line : rows(compliance.get(group))) {
				line.put("share", percent(line.get("shareMet")));
				line.put("median", duration(line.get("medianSecondsToSatisfy")));
				line.put("p90", duration(line.get("p90SecondsToSatisfy")));
				if (line.get("ownerId") != null) {
					line.put("owner", emails.getOrDefault(String.valueOf(line.get("ownerId")),
							String.valueOf(line.get("ownerId"))));
				}
			}
		}
		model.addAttribute("compliance", compliance);

		List<Map<String, Object>> breaches = Json
			.items(this.api.get(this.api.path("/api/v1/sla-breaches").query("limit", 50)));
		for (Map<String, Object> breach : breaches) {
			List<String> notified = new ArrayList<>();
			if (breach.get("notified") instanceof List<?> ids) {
				ids.forEach((id) -> notified.add(emails.getOrDefault(String.valueOf(id), String.valueOf(id))));
			}
			breach.put("notifiedEmails", String.join(", ", notified));
			breach.put("actionLabel",
					ACTIONS.getOrDefault(String.valueOf(breach.get("action")), String.valueOf(breach.get("action"))));
		}
		model.addAttribute("breaches", breaches);
		return "slas";
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rows(Object list) {
		return (list instanceof List<?>) ? (List<Map<String, Object>>) list : List.of();
	}

	/** A share of 0 to 1 as a whole percentage; a dash before any timer closed. */
	static String percent(Object share) {
		if (!(share instanceof Number number)) {
			return "—";
		}
		return Math.round(number.doubleValue() * 100) + "%";
	}

	/** Seconds as the largest two units: {@code 2h 05m}, {@code 3d 4h}, {@code 45s}. */
	static String duration(Object seconds) {
		if (!(seconds instanceof Number number)) {
			return "—";
		}
		long s = Math.round(number.doubleValue());
		if (s < 60) {
			return s + "s";
		}
		if (s < 3600) {
			return (s / 60) + "m";
		}
		if (s < 86400) {
			return (s / 3600) + "h " + String.format("%02dm", (s % 3600) / 60);
		}
		return (s / 86400) + "d " + ((s % 86400) / 3600) + "h";
	}

	private static ObjectNode newPolicy() {
		ObjectNode policy = NODES.objectNode();
		policy.putNull("stage");
		policy.put("minutes", 240);
		policy.put("businessTime", true);
		policy.set("ladder", NODES.arrayNode().add(step(0, "notify_owner")));
		return policy;
	}

	private static ObjectNode step(int afterMinutes, String action) {
		ObjectNode step = NODES.objectNode();
		step.put("afterMinutes", afterMinutes);
		step.put("action", action);
		return step;
	}

	/** Pairs of value and label, in order. */
	static Map<String, String> labels(String... pairs) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			labels.put(pairs[i], pairs[i + 1]);
		}
		return java.util.Collections.unmodifiableMap(labels);
	}

}
