package io.revcycle.console.pages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
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
 * An SDR's queue: the MQLs assigned to me, the one whose SLA is due soonest first, each
 * with a live countdown; accept or reject in one click and the queue moves on to the next
 * lead. Below, the MQLs nobody owns that routing would send to my team, oldest first,
 * each to take in one click.
 */
@Controller
class QueueController {

	private final PlatformApi api;

	QueueController(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/queue")
	String queue(Model model) {
		model.addAttribute("nav", "queue");
		fill(model);
		return "queue";
	}

	@GetMapping("/queue/items")
	String items(Model model) {
		fill(model);
		return "queue :: items";
	}

	/**
	 * Accepts or rejects a lead (reject needs a reason), then answers the queue as it is
	 * now, with the next lead on top.
	 */
	@PostMapping("/queue/{id}/{action:accept|reject}")
	String act(@PathVariable UUID id, @PathVariable String action, @RequestParam(required = false) String reason,
			Model model) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("action", action);
		if (reason != null && !reason.isBlank()) {
			body.put("reason", reason.trim());
		}
		JsonNode person = this.api.post(this.api.path("/api/v1/people/{id}/stage-actions", id), body);
		model.addAttribute("done", ("accept".equals(action) ? "Accepted " : "Rejected ") + name(person) + ".");
		fill(model);
		return "queue :: items";
	}

	/**
	 * Takes an unassigned lead for me, then answers both lists as they are now: the lead
	 * has moved into my queue. When another rep was quicker, the platform's answer is
	 * shown above the lists, which no longer hold that lead.
	 */
	@PostMapping("/queue/{id}/take")
	String take(@PathVariable UUID id, Model model) {
		try {
			JsonNode person = this.api.post(this.api.path("/api/v1/people/{id}/owner", id), Map.of("ownerId", "me"));
			model.addAttribute("done", "Took " + name(person) + ": it is in your queue.");
		}
		catch (ApiProblem problem) {
			if (problem.status() != 409) {
				throw problem;
			}
			model.addAttribute("problem", problem);
		}
		fill(model);
		return "queue :: items";
	}

	/** The next page of my MQLs, as rows to append below those shown. */
	@GetMapping("/queue/mine")
	String moreMine(@RequestParam String cursor, Model model) {
		showMine(model, this.api.getLater(minePath(cursor)));
		return "queue :: mine-rows";
	}

	/**
	 * The next page of my team's unassigned MQLs, as rows to append below those shown.
	 */
	@GetMapping("/queue/unassigned")
	String moreUnassigned(@RequestParam String cursor, Model model) {
		showUnassigned(model, this.api.getLater(unassignedPath(cursor)));
		return "queue :: unassigned-rows";
	}

	private void fill(Model model) {
		PlatformApi.Later mine = this.api.getLater(minePath(null));
		PlatformApi.Later unassigned = this.api.getLater(unassignedPath(null));
		showMine(model, mine);
		showUnassigned(model, unassigned);
	}

	private PlatformApi.Path minePath(String cursor) {
		return this.api.path("/api/v1/people")
			.query("owner", "me")
			.query("stage", "MQL")
			.query("sort", "slaDue")
			.query("limit", 50)
			.query("cursor", cursor);
	}

	private PlatformApi.Path unassignedPath(String cursor) {
		return this.api.path("/api/v1/routing/unassigned").query("limit", 20).query("cursor", cursor);
	}

	private static void showMine(Model model, PlatformApi.Later answer) {
		JsonNode page = answer.join();
		model.addAttribute("mine", Json.items(page));
		model.addAttribute("mineNext", page.path("nextCursor").asString(null));
	}

	private static void showUnassigned(Model model, PlatformApi.Later answer) {
		JsonNode page = answer.join();
		model.addAttribute("unassigned", Json.items(page));
		model.addAttribute("unassignedNext", page.path("nextCursor").asString(null));
	}

	static String name(JsonNode person) {
		String first = person.path("firstName").asString("");
		String last = person.path("lastName").asString("");
		String name = (first + " " + last).trim();
		return name.isEmpty() ? person.path("email").asString("the lead") : name;
	}

}
