package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Connectors: the installed ones, a new instance through a form generated from the
 * connector's config spec (secret fields are write-only: the API never answers them and
 * the form never shows them), and an instance's health, check, webhook URL to copy and
 * actions log.
 */
@Controller
class ConnectorsPages {

	private final PlatformApi api;

	ConnectorsPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/connectors")
	String list(Model model) {
		model.addAttribute("nav", "connectors");
		model.addAttribute("connectors",
				Json.items(this.api.get(this.api.path("/api/v1/connectors").query("limit", 100))));
		model.addAttribute("instances",
				Json.items(this.api.get(this.api.path("/api/v1/connector-instances").query("limit", 100))));
		return "connectors";
	}

	@GetMapping("/connectors/new")
	String form(@RequestParam String connector, Model model) {
		model.addAttribute("nav", "connectors");
		model.addAttribute("connector", connector(connector));
		model.addAttribute("values", Map.of());
		return "connector-new";
	}

	@PostMapping("/connectors/new")
	String create(@RequestParam String connector, @RequestParam String name,
			@RequestParam MultiValueMap<String, String> form, Model model) {
		Map<String, Object> spec = connector(connector);
		Map<String, Object> config = new LinkedHashMap<>();
		for (Map<String, Object> field : fields(spec)) {
			String key = (String) field.get("name");
			String value = form.getFirst("config." + key);
			if ("BOOLEAN".equalsIgnoreCase(String.valueOf(field.get("type")))) {
				config.put(key, (value != null) ? "true" : "false");
			}
			else if (value != null && !value.isBlank()) {
				config.put(key, value.trim());
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("connectorId", connector);
		body.put("name", name);
		body.put("config", config);
		try {
			JsonNode created = this.api.post(this.api.path("/api/v1/connector-instances"), body);
			return "redirect:/connectors/instances/" + created.path("id").asString() + "?created";
		}
		catch (ApiProblem ex) {
			if (ex.status() != 400) {
				throw ex;
			}
			// the form again with what was typed (never the secrets) and what to fix
			Map<String, Object> values = new LinkedHashMap<>(config);
			fields(spec).stream()
				.filter((f) -> Boolean.TRUE.equals(f.get("secret")))
				.forEach((f) -> values.remove(f.get("name")));
			values.put("_name", name);
			model.addAttribute("nav", "connectors");
			model.addAttribute("connector", spec);
			model.addAttribute("values", values);
			model.addAttribute("problem", ex);
			return "connector-new";
		}
	}

	@GetMapping("/connectors/instances/{id}")
	String instance(@PathVariable UUID id, @RequestParam(required = false) String created, Model model) {
		model.addAttribute("nav", "connectors");
		Map<String, Object> instance = Json.map(this.api.get(this.api.path("/api/v1/connector-instances/{id}", id)));
		if (instance.get("webhookUrl") instanceof String path && path.startsWith("/")) {
			// the API answers a path on the gateway; the remote system needs the whole
			// address, which is the one the browser reached the console at
			instance.put("webhookUrl", ServletUriComponentsBuilder.fromCurrentContextPath().path(path).toUriString());
		}
		model.addAttribute("instance", instance);
		model.addAttribute("connector", connector(String.valueOf(instance.get("connectorId"))));
		model.addAttribute("created", created != null);
		model.addAttribute("actions", Json
			.items(this.api.get(this.api.path("/api/v1/connector-instances/{id}/actions", id).query("limit", 20))));
		return "connector-instance";
	}

	@PostMapping("/connectors/instances/{id}/check")
	String check(@PathVariable UUID id, Model model) {
		model.addAttribute("check",
				Json.map(this.api.post(this.api.path("/api/v1/connector-instances/{id}/check", id), null)));
		return "connector-instance :: check";
	}

	private Map<String, Object> connector(String id) {
		for (Map<String, Object> connector : Json
			.items(this.api.get(this.api.path("/api/v1/connectors").query("limit", 500)))) {
			if (id.equals(connector.get("id"))) {
				return connector;
			}
		}
		throw new ApiProblem(404, "Not found", "No connector " + id + " is installed.", List.of());
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> fields(Map<String, Object> connector) {
		Object spec = connector.get("configSpec");
		if (spec instanceof Map<?, ?> map && map.get("fields") instanceof List<?> fields) {
			return (List<Map<String, Object>>) fields;
		}
		return List.of();
	}

}
