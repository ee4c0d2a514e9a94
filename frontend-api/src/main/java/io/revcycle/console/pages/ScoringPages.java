package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Scoring: the versions, a rule editor (each rule a row of fields) that saves a draft,
 * proposing it, the approvals of marketing and sales (who signed, what is missing), the
 * back-test of a version beside the active one, and the rescoring progress once it is
 * active.
 */
@Controller
class ScoringPages {

	static final List<String> SIDES = List.of("marketing", "sales");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** What a fit rule can test. */
	static final Map<String, String> ATTRIBUTES = SlaPages.labels("person.title", "Person: title", "person.emailDomain",
			"Person: email domain", "account.industry", "Account: industry", "account.employees", "Account: employees",
			"account.annualRevenue", "Account: annual revenue", "account.country", "Account: country", "account.domain",
			"Account: domain");

	/** How a fit rule tests it. */
	static final Map<String, String> OPERATORS = SlaPages.labels("in", "is one of (values)", "between",
			"is between (min, max)", "matches", "matches (pattern)", "personal", "is a personal mailbox");

	/** The fields of a draft: its name and the {@code ScoringDefinition}. */
	static final FormFields FIELDS = new FormFields().field("definition.fitRules[].values", Type.LIST)
		.field("definition.fitRules[].min", Type.DECIMAL)
		.field("definition.fitRules[].max", Type.DECIMAL)
		.field("definition.fitRules[].points", Type.INT)
		.field("definition.behaviourRules[].points", Type.INT)
		.field("definition.behaviourRules[].cap", Type.INT)
		.field("definition.behaviourRules[].capPeriodDays", Type.INT)
		.field("definition.halfLifeDays", Type.DECIMAL)
		.field("definition.engagedThreshold", Type.INT)
		.field("definition.targetThreshold", Type.INT)
		.field("definition.mqlFit", Type.INT)
		.field("definition.mqlBehaviour", Type.INT)
		.rows("definition.fitRules",
				() -> NODES.objectNode()
					.put("id", "")
					.put("attribute", "account.industry")
					.put("operator", "in")
					.put("points", 10))
		.rows("definition.behaviourRules",
				() -> NODES.objectNode().put("id", "").put("type", "").put("points", 5).putNull("cap"));

	private final PlatformApi api;

	ScoringPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/scoring")
	String list(Model model) {
		model.addAttribute("nav", "scoring");
		List<Map<String, Object>> versions = Json
			.items(this.api.get(this.api.path("/api/v1/scoring-models").query("limit", 50)));
		model.addAttribute("versions", versions);
		return "scoring";
	}

	@GetMapping("/scoring/{id}")
	String version(@PathVariable UUID id, Model model) {
		model.addAttribute("nav", "scoring");
		JsonNode version = this.api.get(this.api.path("/api/v1/scoring-models/{id}", id));
		model.addAttribute("version", Json.map(version));
		Map<String, Object> signed = new LinkedHashMap<>();
		version.path("approvals").forEach((a) -> signed.put(a.path("side").asString(), Json.map(a)));
		model.addAttribute("signed", signed);
		model.addAttribute("sides", SIDES);
		return "scoring-version";
	}

	/**
	 * The rule editor: a new draft, starting from a version's rules (the active ones by
	 * default).
	 */
	@GetMapping("/scoring/new")
	String editor(@RequestParam(required = false) UUID from, Model model) {
		JsonNode base = (from != null) ? this.api.get(this.api.path("/api/v1/scoring-models/{id}", from)) : active();
		ObjectNode document = NODES.objectNode();
		document.putNull("name");
		document.set("definition",
				(base != null && base.path("definition").isObject()) ? base.get("definition") : NODES.objectNode());
		return editor(model, FormFields.form(document));
	}

	/**
	 * Saves the rows as a new draft; a row button only adds or removes a row. What the
	 * platform refuses comes back with the edits and each problem beside its field.
	 */
	@PostMapping("/scoring/new")
	String saveDraft(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(name = FormFields.ROW, required = false) String row, Model model) {
		ObjectNode document = FIELDS.read(request.getParameterMap());
		if (!document.path("definition").isObject()) {
			document.set("definition", NODES.objectNode());
		}
		ObjectNode definition = (ObjectNode) document.get("definition");
		for (String list : List.of("fitRules", "behaviourRules")) {
			if (!definition.path(list).isArray()) {
				definition.set(list, NODES.arrayNode());
			}
		}
		if (row != null) {
			String added = FIELDS.changeRows(document, row);
			model.addAttribute("unsaved", true);
			return editor(model, FormFields.form(document).focus(added));
		}
		if (document.path("name").isNull()) {
			document.remove("name");
		}
		JsonNode draft;
		try {
			draft = this.api.post(this.api.path("/api/v1/scoring-models"), document);
		}
		catch (ApiProblem problem) {
			if (!SlaPages.invalid(problem)) {
				throw problem;
			}
			response.setStatus(problem.status());
			model.addAttribute("problem", problem);
			return editor(model, FormFields.form(document, problem));
		}
		return "redirect:/scoring/" + draft.path("id").asString();
	}

	private String editor(Model model, FormFields.Form form) {
		model.addAttribute("nav", "scoring");
		model.addAttribute("form", form);
		model.addAttribute("attributes", ATTRIBUTES);
		model.addAttribute("operators", OPERATORS);
		return "scoring-editor";
	}

	@PostMapping("/scoring/{id}/propose")
	String propose(@PathVariable UUID id) {
		this.api.post(this.api.path("/api/v1/scoring-models/{id}/propose", id), null);
		return "redirect:/scoring/" + id;
	}

	@PostMapping("/scoring/{id}/approve")
	String approve(@PathVariable UUID id, @RequestParam(required = false) String side) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (side != null && !side.isBlank()) {
			body.put("side", side);
		}
		this.api.post(this.api.path("/api/v1/scoring-models/{id}/approvals", id), body);
		return "redirect:/scoring/" + id;
	}

	@PostMapping("/scoring/{id}/backtest")
	String backtest(@PathVariable UUID id, Model model) {
		model.addAttribute("backtest",
				Json.map(this.api.post(this.api.path("/api/v1/scoring-models/{id}/backtest", id), null)));
		return "scoring-version :: backtest";
	}

	@GetMapping("/scoring/{id}/progress")
	String progress(@PathVariable UUID id, Model model) {
		model.addAttribute("version", Json.map(this.api.get(this.api.path("/api/v1/scoring-models/{id}", id))));
		return "scoring-version :: progress";
	}

	private JsonNode active() {
		for (JsonNode version : this.api.get(this.api.path("/api/v1/scoring-models").query("limit", 50))
			.path("items")) {
			if ("ACTIVE".equalsIgnoreCase(version.path("status").asString())) {
				return version;
			}
		}
		return null;
	}

}
