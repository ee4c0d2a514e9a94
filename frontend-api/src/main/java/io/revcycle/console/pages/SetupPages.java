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
 * A tenant admin's users: the list, adding a user with roles and team, changing roles and
 * team, and the away flag (also set from the routing page). Webhooks are in
 * {@link WebhookPages}, the import of people in {@link ImportPages}.
 */
@Controller
class SetupPages {

	static final List<String> ROLES = List.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support");

	private final PlatformApi api;

	SetupPages(PlatformApi api) {
		this.api = api;
	}

	@PostMapping("/users/{id}/away")
	String away(@PathVariable UUID id, @RequestParam boolean away) {
		this.api.patch(this.api.path("/api/v1/users/{id}", id), Map.of("away", away));
		return "redirect:/users";
	}

	@GetMapping("/users")
	String users(@RequestParam(required = false) String cursor, Model model) {
		model.addAttribute("nav", "users");
		JsonNode page = this.api.get(this.api.path("/api/v1/users").query("cursor", cursor).query("limit", 100));
		List<Map<String, Object>> users = Json.items(page);
		model.addAttribute("users", users);
		model.addAttribute("nextCursor", page.path("nextCursor").asString(null));
		model.addAttribute("roles", ROLES);
		// who can be a manager: the active users, by email; a manager set earlier and not
		// on this page still shows by id
		Map<Object, Object> managers = new LinkedHashMap<>();
		users.stream()
			.filter((u) -> "active".equals(u.get("status")))
			.forEach((u) -> managers.put(String.valueOf(u.get("id")), u.get("email")));
		model.addAttribute("managers", managers);
		return "users";
	}

	@PostMapping("/users")
	String invite(@RequestParam String email, @RequestParam String password,
			@RequestParam(required = false) List<String> roles, @RequestParam(required = false) String team) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", email.trim());
		body.put("password", password);
		body.put("roles", (roles != null) ? roles : List.of());
		if (team != null && !team.isBlank()) {
			body.put("team", team.trim());
		}
		this.api.post(this.api.path("/api/v1/users"), body);
		return "redirect:/users?added";
	}

	/**
	 * Saves a user's roles, team and manager (none when left empty) in one change; the
	 * platform refuses a manager who is the user, not an active user of the tenant, or
	 * reports to the user, and the page shows why.
	 */
	@PostMapping("/users/{id}")
	String change(@PathVariable UUID id, @RequestParam(required = false) List<String> roles,
			@RequestParam(required = false) String team, @RequestParam(required = false) String managerId,
			org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("roles", (roles != null) ? roles : List.of());
		body.put("team", (team != null && !team.isBlank()) ? team.trim() : null);
		if (managerId != null) {
			body.put("managerId", managerId.isBlank() ? null : managerId.trim());
		}
		try {
			this.api.patch(this.api.path("/api/v1/users/{id}", id), body);
		}
		catch (io.revcycle.console.api.ApiProblem problem) {
			if (problem.status() != 400 && problem.status() != 409) {
				throw problem;
			}
			// back on the list, with the platform's reason above it and nothing changed
			redirect.addFlashAttribute("problemDetail", problem.detail());
			return "redirect:/users";
		}
		return "redirect:/users?saved";
	}

}
