package io.revcycle.console.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.ConsoleUser;
import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Home by role (an SDR's queue, an AE's leads and open deals, marketing's campaign
 * revenue, finance's payments and new customers, an admin's setup checklist), the deals
 * list and the notifications with their bell.
 */
@Controller
class HomePages {

	private final PlatformApi api;

	HomePages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/")
	String home(@ModelAttribute("me") ConsoleUser me, Model model) {
		if (me.roles().size() == 1 && me.has("sdr")) {
			return "redirect:/queue";
		}
		if (me.roles().size() == 1 && me.has("marketing")) {
			return "redirect:/revenue";
		}
		model.addAttribute("nav", "home");
		if (me.admin()) {
			model.addAttribute("checklist", checklist());
		}
		if (me.has("ae")) {
			model.addAttribute("sals", people("SAL"));
			model.addAttribute("sqls", people("SQL"));
			model.addAttribute("myDeals", Json.items(this.api.get(
					this.api.path("/api/v1/deals").query("status", "open").query("ownerId", "me").query("limit", 20))));
		}
		if (me.has("finance")) {
			model.addAttribute("payments",
					Json.items(this.api.get(this.api.path("/api/v1/payments").query("limit", 15))));
			model.addAttribute("customers", Json
				.items(this.api.get(this.api.path("/api/v1/people").query("stage", "Customer").query("limit", 15))));
		}
		return "home";
	}

	private List<Map<String, Object>> people(String stage) {
		return Json.items(this.api
			.get(this.api.path("/api/v1/people").query("owner", "me").query("stage", stage).query("limit", 20)));
	}

	/** What an admin still has to set up, each with where to do it. */
	private List<Map<String, Object>> checklist() {
		PlatformApi.Later users = this.api.getLater(this.api.path("/api/v1/users").query("limit", 2));
		PlatformApi.Later connectors = this.api
			.getLater(this.api.path("/api/v1/connector-instances").query("limit", 1));
		PlatformApi.Later routing = this.api.getLater(this.api.path("/api/v1/routing"));
		PlatformApi.Later slas = this.api.getLater(this.api.path("/api/v1/sla-policies"));
		PlatformApi.Later scoring = this.api.getLater(this.api.path("/api/v1/scoring-models").query("limit", 10));
		List<Map<String, Object>> steps = new ArrayList<>();
		steps.add(step("Invite your team", users.join().path("items").size() > 1, "/users",
				"Add SDRs, AEs, marketing and finance users."));
		steps.add(step("Connect your tools", connectors.join().path("items").size() > 0, "/connectors",
				"Payments, email, forms and CRM data flow into one timeline."));
		JsonNode teams = routing.join();
		steps.add(step("Route leads to reps", !teams.path("reps").isEmpty() || !teams.path("teams").isEmpty(),
				"/routing", "Teams, reps, weights and capacity decide who gets each MQL."));
		JsonNode policies = slas.join();
		steps.add(step("Agree SLAs", policies.path("version").asInt(0) > 1 || policies.path("updatedAt").isString(),
				"/slas", "How fast sales follows up on each stage, and who is told when it does not."));
		boolean signed = false;
		for (JsonNode version : scoring.join().path("items")) {
			signed |= version.path("version").asInt() > 1 && "ACTIVE".equals(version.path("status").asString());
		}
		steps.add(step("Sign a scoring model", signed, "/scoring",
				"Marketing and sales agree what makes an MQL; the default applies until then."));
		return steps;
	}

	private static Map<String, Object> step(String title, boolean done, String href, String help) {
		Map<String, Object> step = new LinkedHashMap<>();
		step.put("title", title);
		step.put("done", done);
		step.put("href", href);
		step.put("help", help);
		return step;
	}

	@GetMapping("/deals")
	String deals(@RequestParam(required = false) String status, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String cursor, Model model) {
		model.addAttribute("nav", "deals");
		JsonNode page = this.api.get(this.api.path("/api/v1/deals")
			.query("status", status)
			.query("ownerId", owner)
			.query("cursor", cursor)
			.query("limit", 50));
		model.addAttribute("deals", Json.items(page));
		model.addAttribute("nextCursor", page.path("nextCursor").asString(null));
		model.addAttribute("status", status);
		model.addAttribute("owner", owner);
		return "deals";
	}

	@GetMapping("/notifications/badge")
	String badge(Model model) {
		long unread;
		try {
			unread = this.api.get(this.api.path("/api/v1/notifications/unread-count")).path("unread").asLong();
		}
		catch (ApiProblem ex) {
			unread = 0;
		}
		model.addAttribute("unread", unread);
		return "fragments/notice :: badge";
	}

	@GetMapping("/notifications")
	String notifications(@RequestParam(required = false) String cursor, Model model) {
		model.addAttribute("nav", "notifications");
		JsonNode page = this.api.get(this.api.path("/api/v1/notifications").query("cursor", cursor).query("limit", 50));
		model.addAttribute("notifications", Json.items(page));
		model.addAttribute("nextCursor", page.path("nextCursor").asString(null));
		return "notifications";
	}

	@PostMapping("/notifications/{id}/read")
	String read(@PathVariable UUID id) {
		this.api.post(this.api.path("/api/v1/notifications/{id}/read", id), null);
		return "redirect:/notifications";
	}

	@PostMapping("/notifications/read-all")
	String readAll() {
		this.api.post(this.api.path("/api/v1/notifications/read-all"), null);
		return "redirect:/notifications";
	}

}
