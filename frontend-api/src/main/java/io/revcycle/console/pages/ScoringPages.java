package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Scoring: the versions, a rule editor that saves a draft, proposing it, the approvals of
 * marketing and sales (who signed, what is missing), the back-test of a version beside
 * the active one, and the rescoring progress once it is active.
 */
@Controller
class ScoringPages {

	static final List<String> SIDES = List.of("marketing", "sales");

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
		model.addAttribute("definition", Json.pretty(version.path("definition")));
		Map<String, Object> signed = new LinkedHashMap<>();
		version.path("approvals").forEach((a) -> signed.put(a.path("side").asString(), Json.map(a)));
		model.addAttribute("signed", signed);
		model.addAttribute("sides", SIDES);
		return "scoring-version";
	}

	/** The editor: a new draft, starting from a version's rules. */
	@GetMapping("/scoring/new")
	String editor(@RequestParam(required = false) UUID from, Model model) {
		model.addAttribute("nav", "scoring");
		JsonNode base = (from != null) ? this.api.get(this.api.path("/api/v1/scoring-models/{id}", from)) : active();
		model.addAttribute("definition", (base != null) ? Json.pretty(base.path("definition")) : "{}");
		model.addAttribute("name", "");
		return "scoring-editor";
	}

	@PostMapping("/scoring/new")
	String saveDraft(@RequestParam(required = false) String name, @RequestParam String definition) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (name != null && !name.isBlank()) {
			body.put("name", name.trim());
		}
		body.put("definition", Json.parse("The rules", definition));
		JsonNode draft = this.api.post(this.api.path("/api/v1/scoring-models"), body);
		return "redirect:/scoring/" + draft.path("id").asString();
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
