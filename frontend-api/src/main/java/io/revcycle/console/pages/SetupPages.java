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
	String away(@PathVariable UUID id, @RequestParam boolean away, @RequestParam(required = false) String back) {
		this.api.patch(this.api.path("/api/v1/users/{id}", id), Map.of("away", away));
		return "redirect:" + ("routing".equals(back) ? "/routing" : "/users");
	}

	@GetMapping("/users")
	String users(@RequestParam(required = false) String cursor, Model model) {
		model.addAttribute("nav", "users");
		JsonNode page = this.api.get(this.api.path("/api/v1/users").query("cursor", cursor).query("limit", 100));
		model.addAttribute("users", Json.items(page));
		model.addAttribute("nextCursor", page.path("nextCursor").asString(null));
		model.addAttribute("roles", ROLES);
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

	@PostMapping("/users/{id}")
	String change(@PathVariable UUID id, @RequestParam(required = false) List<String> roles,
			@RequestParam(required = false) String team) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("roles", (roles != null) ? roles : List.of());
		body.put("team", (team != null && !team.isBlank()) ? team.trim() : null);
		this.api.patch(this.api.path("/api/v1/users/{id}", id), body);
		return "redirect:/users?saved";
	}

}
