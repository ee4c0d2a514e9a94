package io.revcycle.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * A tenant admin's setup: SLAs (policies, ladder and calendar; breaches), routing (teams,
 * reps, weights, capacity, away), outbound webhooks with their deliveries, users (invite,
 * roles, team, away) and the import of people from CSV.
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

	@GetMapping("/webhooks")
	String webhooks(Model model) {
		model.addAttribute("nav", "webhooks");
		model.addAttribute("webhooks", Json.items(this.api.get(this.api.path("/api/v1/webhooks").query("limit", 100))));
		return "webhooks";
	}

	@PostMapping("/webhooks")
	String addWebhook(@RequestParam String url, @RequestParam(required = false) String events) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", url.trim());
		if (events != null && !events.isBlank()) {
			List<String> types = new ArrayList<>();
			for (String type : events.split("[,\\s]+")) {
				if (!type.isBlank()) {
					types.add(type.trim());
				}
			}
			body.put("events", types);
		}
		JsonNode created = this.api.post(this.api.path("/api/v1/webhooks"), body);
		return "redirect:/webhooks/" + created.path("id").asString();
	}

	@GetMapping("/webhooks/{id}")
	String webhook(@PathVariable UUID id, Model model) {
		model.addAttribute("nav", "webhooks");
		model.addAttribute("webhook", Json.map(this.api.get(this.api.path("/api/v1/webhooks/{id}", id))));
		model.addAttribute("deliveries",
				Json.items(this.api.get(this.api.path("/api/v1/webhooks/{id}/deliveries", id).query("limit", 50))));
		return "webhook";
	}

	@PostMapping("/webhooks/{id}/deliveries/{delivery}/replay")
	String replay(@PathVariable UUID id, @PathVariable UUID delivery) {
		this.api.post(this.api.path("/api/v1/outbox/{delivery}/replay", delivery), null);
		return "redirect:/webhooks/" + id;
	}

	@GetMapping("/import")
	String importForm(Model model) {
		model.addAttribute("nav", "import");
		return "import";
	}

	/**
	 * Sends the file to the platform's import and shows what it accepted and rejected.
	 */
	@PostMapping("/import")
	String importCsv(@RequestParam("file") MultipartFile file, Model model) throws java.io.IOException {
		if (file.isEmpty()) {
			throw new ApiProblem(400, "No file", "Choose a CSV file with a header row that names an email column.",
					List.of());
		}
		String csv = new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
		model.addAttribute("report", Json
			.map(this.api.postText(this.api.path("/api/v1/people/import"), csv, MediaType.valueOf("text/csv"))));
		return "import :: report";
	}

}
