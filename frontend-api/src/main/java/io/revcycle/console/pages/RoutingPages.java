package io.revcycle.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import io.revcycle.console.pages.FormFields.Type;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Routing: the territory rules that send MQLs to a team, the default team, and each rep's
 * weight and capacity, edited field by field and saved through
 * {@code PUT /api/v1/routing}; the teams with their members; the away toggle of each rep
 * ({@code PATCH /api/v1/users/{id}}, which routing follows).
 */
@Controller
class RoutingPages {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** The fields of {@code RoutingRules}. */
	static final FormFields FIELDS = new FormFields().field("rules[].countries", Type.LIST)
		.field("rules[].industries", Type.LIST)
		.field("aboutToBreachMinutes", Type.INT)
		.field("reps[].weight", Type.INT)
		.field("reps[].capacity", Type.INT)
		.field("reps[].away", Type.BOOL)
		.rows("rules", () -> NODES.objectNode().putNull("team"))
		.rows("reps", () -> NODES.objectNode().put("weight", 1).putNull("capacity").put("away", false));

	private final PlatformApi api;

	RoutingPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/routing")
	String routing(Model model) {
		return page(model, FormFields.form(this.api.get(this.api.path("/api/v1/routing"))));
	}

	@PostMapping("/routing")
	String save(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(name = FormFields.ROW, required = false) String row, Model model) {
		ObjectNode document = FIELDS.read(request.getParameterMap());
		for (String list : List.of("rules", "reps")) {
			if (!document.path(list).isArray()) {
				document.set(list, NODES.arrayNode());
			}
		}
		if (row != null) {
			String added = FIELDS.changeRows(document, row);
			model.addAttribute("unsaved", true);
			return page(model, FormFields.form(document).focus(added));
		}
		try {
			this.api.put(this.api.path("/api/v1/routing"), document);
		}
		catch (ApiProblem problem) {
			if (!SlaPages.invalid(problem)) {
				throw problem;
			}
			response.setStatus(problem.status());
			model.addAttribute("problem", problem);
			return page(model, FormFields.form(document, problem));
		}
		return "redirect:/routing?saved";
	}

	/** Sets a rep away or back; routing skips them while they are away. */
	@PostMapping("/routing/reps/{id}/away")
	String away(@PathVariable UUID id, @RequestParam boolean away) {
		this.api.patch(this.api.path("/api/v1/users/{id}", id), Map.of("away", away));
		return "redirect:/routing?" + (away ? "away" : "back");
	}

	private String page(Model model, FormFields.Form form) {
		model.addAttribute("nav", "routing");
		model.addAttribute("form", form);
		List<Map<String, Object>> users = new ArrayList<>();
		Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
		Map<String, String> choices = new LinkedHashMap<>();
		Map<String, List<String>> teams = new TreeMap<>();
		for (Map<String, Object> user : Json.items(this.api.get(this.api.path("/api/v1/users").query("limit", 200)))) {
			if (!"active".equals(user.get("status"))) {
				continue;
			}
			users.add(user);
			byId.put(String.valueOf(user.get("id")), user);
			choices.put(String.valueOf(user.get("id")), String.valueOf(user.get("email")));
			if (user.get("team") != null) {
				teams.computeIfAbsent((String) user.get("team"), (t) -> new ArrayList<>())
					.add(String.valueOf(user.get("email")));
			}
		}
		model.addAttribute("users", byId);
		model.addAttribute("userChoices", choices);
		model.addAttribute("teams", teams);
		return "routing";
	}

}
