package io.revcycle.console.pages;

import java.util.ArrayList;
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
 * A tenant admin's outbound webhooks: the endpoints, one endpoint's deliveries and the
 * replay of one.
 */
@Controller
class WebhookPages {

	private final PlatformApi api;

	WebhookPages(PlatformApi api) {
		this.api = api;
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

}
