package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A tenant admin's outbound webhooks: the endpoints, a new one (its signing secret shown
 * once, on the page that follows its creation or a rotation, never again), and an
 * endpoint's page: its settings, its state (failures in a row, an open circuit, a pause
 * with its reason and a way to enable it again), its messages with their status, attempts
 * and next retry, the dead letters with a replay each, and the log of attempts with what
 * the endpoint answered.
 */
@Controller
class WebhookPages {

	/**
	 * The event types the platform sends, with what each means; the platform refuses any
	 * other and names the ones it knows.
	 */
	static final Map<String, String> EVENT_TYPES = eventTypes();

	private static final List<String> STATUSES = List.of("PENDING", "DELIVERED", "DEAD");

	private final PlatformApi api;

	WebhookPages(PlatformApi api) {
		this.api = api;
	}

	private static Map<String, String> eventTypes() {
		Map<String, String> types = new LinkedHashMap<>();
		types.put("stage.changed", "a person moved to another stage");
		types.put("mql.created", "a person became an MQL");
		types.put("customer.created", "a person became a customer");
		types.put("payment.received", "a payment was received");
		types.put("payment.refunded", "a payment was refunded");
		types.put("sla.breached", "an SLA was breached (each escalation step)");
		types.put("person.erased", "a person was erased: erase them too");
		return types;
	}

	@GetMapping("/webhooks")
	String webhooks(Model model) {
		model.addAttribute("nav", "webhooks");
		model.addAttribute("webhooks", Json.items(this.api.get(this.api.path("/api/v1/webhooks").query("limit", 100))));
		model.addAttribute("eventTypes", EVENT_TYPES);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", form("", "", List.of(), true));
		}
		return "webhooks";
	}

	/**
	 * What the endpoint form holds, kept when the platform refuses it (a map: templates
	 * read it).
	 */
	private static Map<String, Object> form(String url, String description, List<String> events, boolean active) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("url", url);
		form.put("description", description);
		form.put("events", events);
		form.put("active", active);
		return form;
	}

	@PostMapping("/webhooks")
	String addWebhook(@RequestParam(defaultValue = "") String url, @RequestParam(defaultValue = "") String description,
			@RequestParam(required = false) List<String> events, @RequestParam(defaultValue = "false") boolean active,
			Model model, RedirectAttributes redirect, HttpServletResponse response) {
		List<String> types = (events != null) ? events.stream().filter((e) -> !e.isBlank()).toList() : List.of();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", url.trim());
		body.put("eventTypes", types);
		if (!description.isBlank()) {
			body.put("description", description.trim());
		}
		JsonNode created;
		try {
			created = this.api.post(this.api.path("/api/v1/webhooks"), body);
			if (!active) {
				this.api.patch(this.api.path("/api/v1/webhooks/{id}", created.path("id").asString()),
						Map.of("active", false));
			}
		}
		catch (ApiProblem problem) {
			if (problem.status() >= 500 || problem.notFound() || problem.status() == 401) {
				throw problem;
			}
			response.setStatus(problem.status());
			model.addAttribute("problem", problem);
			model.addAttribute("form", form(url, description, types, active));
			return webhooks(model);
		}
		// the secret travels to the next page once (flash), so a reload never shows it
		redirect.addFlashAttribute("secret", created.path("secret").asString());
		return "redirect:/webhooks/" + created.path("id").asString() + "?created";
	}

	@GetMapping("/webhooks/{id}")
	String webhook(@PathVariable UUID id, @RequestParam(required = false) String status, Model model) {
		model.addAttribute("nav", "webhooks");
		JsonNode webhook = this.api.get(this.api.path("/api/v1/webhooks/{id}", id));
		model.addAttribute("webhook", Json.map(webhook));
		if (!model.containsAttribute("form")) {
			List<String> types = webhook.path("eventTypes").valueStream().map(JsonNode::asString).toList();
			model.addAttribute("form", form(webhook.path("url").asString(), webhook.path("description").asString(""),
					types, webhook.path("active").asBoolean()));
		}
		String filter = (status != null && STATUSES.contains(status)) ? status : null;
		model.addAttribute("status", filter);
		model.addAttribute("eventTypes", EVENT_TYPES);
		model.addAttribute("messages", Json.items(this.api
			.get(this.api.path("/api/v1/outbox").query("destination", id).query("status", filter).query("limit", 50))));
		model.addAttribute("pending", Json.items(this.api
			.get(this.api.path("/api/v1/outbox").query("destination", id).query("status", "PENDING").query("limit", 1)))
			.size() > 0);
		model.addAttribute("dead", Json.items(this.api
			.get(this.api.path("/api/v1/outbox").query("destination", id).query("status", "DEAD").query("limit", 50))));
		model.addAttribute("attempts",
				Json.items(this.api.get(this.api.path("/api/v1/webhooks/{id}/deliveries", id).query("limit", 50))));
		return "webhook";
	}

	@PostMapping("/webhooks/{id}")
	String change(@PathVariable UUID id, @RequestParam(defaultValue = "") String url,
			@RequestParam(defaultValue = "") String description, @RequestParam(required = false) List<String> events,
			@RequestParam(defaultValue = "false") boolean active, Model model, HttpServletResponse response) {
		List<String> types = (events != null) ? events.stream().filter((e) -> !e.isBlank()).toList() : List.of();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", url.trim());
		body.put("eventTypes", types);
		body.put("description", description.trim());
		body.put("active", active);
		try {
			this.api.patch(this.api.path("/api/v1/webhooks/{id}", id), body);
		}
		catch (ApiProblem problem) {
			if (problem.status() >= 500 || problem.notFound() || problem.status() == 401) {
				throw problem;
			}
			response.setStatus(problem.status());
			model.addAttribute("problem", problem);
			model.addAttribute("form", form(url, description, types, active));
			return webhook(id, null, model);
		}
		return "redirect:/webhooks/" + id + "?saved";
	}

	/** Enables an endpoint again, also one its circuit breaker paused. */
	@PostMapping("/webhooks/{id}/enable")
	String enable(@PathVariable UUID id) {
		this.api.patch(this.api.path("/api/v1/webhooks/{id}", id), Map.of("active", true));
		return "redirect:/webhooks/" + id + "?enabled";
	}

	@PostMapping("/webhooks/{id}/disable")
	String disable(@PathVariable UUID id) {
		this.api.patch(this.api.path("/api/v1/webhooks/{id}", id), Map.of("active", false));
		return "redirect:/webhooks/" + id + "?disabled";
	}

	/** A new signing secret, shown once on the next page. */
	@PostMapping("/webhooks/{id}/rotate")
	String rotate(@PathVariable UUID id, RedirectAttributes redirect) {
		JsonNode changed = this.api.patch(this.api.path("/api/v1/webhooks/{id}", id), Map.of("rotateSecret", true));
		redirect.addFlashAttribute("secret", changed.path("secret").asString());
		return "redirect:/webhooks/" + id + "?rotated";
	}

	@PostMapping("/webhooks/{id}/delete")
	String delete(@PathVariable UUID id) {
		this.api.delete(this.api.path("/api/v1/webhooks/{id}", id));
		return "redirect:/webhooks?deleted";
	}

	/** Sends a dead-lettered message again, from its first attempt. */
	@PostMapping("/webhooks/{id}/deliveries/{delivery}/replay")
	String replay(@PathVariable UUID id, @PathVariable UUID delivery) {
		this.api.post(this.api.path("/api/v1/outbox/{delivery}/replay", delivery), null);
		return "redirect:/webhooks/" + id + "?replayed";
	}

}
