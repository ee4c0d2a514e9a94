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
 * People: the list with its filters, and the 360 view of one person (stage, owner, scores
 * with the rules that made them, the timeline, SLA timers, deals and payments, and the
 * stage actions the model allows); an account with its people, deals, payments and
 * timeline.
 */
@Controller
class PeoplePages {

	private final PlatformApi api;

	PeoplePages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/people")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) String stage,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String cursor, Model model) {
		model.addAttribute("nav", "people");
		PlatformApi.Later stageModel = this.api.getLater(this.api.path("/api/v1/stage-model"));
		JsonNode page = this.api.get(this.api.path("/api/v1/people")
			.query("email", q)
			.query("stage", stage)
			.query("owner", owner)
			.query("cursor", cursor)
			.query("limit", 50));
		model.addAttribute("people", Json.items(page));
		model.addAttribute("nextCursor", page.path("nextCursor").asString(null));
		model.addAttribute("q", q);
		model.addAttribute("stage", stage);
		model.addAttribute("owner", owner);
		model.addAttribute("stages", stageNames(definition(stageModel.join())));
		return "people";
	}

	@GetMapping("/people/{id}")
	String person(@PathVariable UUID id, @ModelAttribute("me") ConsoleUser me, Model model) {
		model.addAttribute("nav", "people");
		// the page's calls go out together; the account's waits for the person, which
		// names it
		PlatformApi.Later person = this.api.getLater(this.api.path("/api/v1/people/{id}", id));
		PlatformApi.Later score = this.api.getLater(this.api.path("/api/v1/people/{id}/score", id));
		PlatformApi.Later timers = this.api
			.getLater(this.api.path("/api/v1/sla-timers").query("personId", id).query("limit", 20));
		PlatformApi.Later deals = this.api
			.getLater(this.api.path("/api/v1/deals").query("personId", id).query("limit", 20));
		PlatformApi.Later payments = this.api
			.getLater(this.api.path("/api/v1/payments").query("personId", id).query("limit", 20));
		PlatformApi.Later stageModel = this.api.getLater(this.api.path("/api/v1/stage-model"));
		PlatformApi.Later timeline = this.api.getLater(timelinePath(id, null));
		JsonNode found = person.join();
		String accountId = found.path("accountId").asString(null);
		PlatformApi.Later account = (accountId != null)
				? this.api.getLater(this.api.path("/api/v1/accounts/{id}", accountId)) : null;
		model.addAttribute("person", Json.map(found));
		model.addAttribute("name", QueueController.name(found));
		model.addAttribute("score", Json.map(score.joinOrNull()));
		model.addAttribute("timers", Json.items(timers.join()));
		model.addAttribute("deals", Json.items(deals.join()));
		model.addAttribute("payments", Json.items(payments.join()));
		if (account != null) {
			model.addAttribute("account", Json.map(account.joinOrNull()));
		}
		model.addAttribute("actions", actions(definition(stageModel.join()), found.path("stage").asString(""), me));
		timeline(id, timeline.join(), model);
		return "person";
	}

	@GetMapping("/people/{id}/timeline")
	String timelinePage(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
		timeline(id, this.api.get(timelinePath(id, cursor)), model);
		return "person :: timeline";
	}

	@PostMapping("/people/{id}/actions")
	String act(@PathVariable UUID id, @RequestParam String action, @RequestParam(required = false) String reason) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("action", action);
		if (reason != null && !reason.isBlank()) {
			body.put("reason", reason.trim());
		}
		this.api.post(this.api.path("/api/v1/people/{id}/stage-actions", id), body);
		return "redirect:/people/" + id;
	}

	@GetMapping("/accounts/{id}")
	String account(@PathVariable UUID id, Model model) {
		model.addAttribute("nav", "people");
		PlatformApi.Later account = this.api.getLater(this.api.path("/api/v1/accounts/{id}", id));
		PlatformApi.Later people = this.api
			.getLater(this.api.path("/api/v1/people").query("accountId", id).query("limit", 50));
		PlatformApi.Later deals = this.api
			.getLater(this.api.path("/api/v1/deals").query("accountId", id).query("limit", 50));
		PlatformApi.Later timeline = this.api
			.getLater(this.api.path("/api/v1/accounts/{id}/timeline", id).query("limit", 30));
		PlatformApi.Later payments = this.api
			.getLater(this.api.path("/api/v1/payments").query("accountId", id).query("limit", 50));
		model.addAttribute("account", Json.map(account.join()));
		model.addAttribute("people", Json.items(people.join()));
		model.addAttribute("deals", Json.items(deals.join()));
		model.addAttribute("entries", Json.items(timeline.join()));
		accountPayments(payments, model);
		return "account";
	}

	/**
	 * The account's payments and refunds, newest first, with the totals per currency; for
	 * the roles the platform shows payments to (others see that they are not theirs to
	 * see).
	 */
	private void accountPayments(PlatformApi.Later answer, Model model) {
		JsonNode page;
		try {
			page = answer.join();
		}
		catch (ApiProblem ex) {
			if (ex.status() != 403) {
				throw ex;
			}
			model.addAttribute("payments", null);
			return;
		}
		List<Map<String, Object>> payments = Json.items(page);
		Map<String, java.math.BigDecimal[]> sums = new java.util.TreeMap<>();
		for (JsonNode payment : page.path("items")) {
			String currency = payment.path("amount").path("currency").asString();
			java.math.BigDecimal amount = new java.math.BigDecimal(payment.path("amount").path("amount").asString("0"));
			java.math.BigDecimal[] sum = sums.computeIfAbsent(currency,
					(c) -> new java.math.BigDecimal[] { java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO });
			int slot = "refund".equals(payment.path("kind").asString()) ? 1 : 0;
			sum[slot] = sum[slot].add(amount);
		}
		List<Map<String, Object>> totals = new ArrayList<>();
		sums.forEach((currency, sum) -> {
			Map<String, Object> total = new LinkedHashMap<>();
			total.put("currency", currency);
			total.put("paid", sum[0].setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
			total.put("refunded", sum[1].setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
			total.put("net", sum[0].subtract(sum[1]).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
			totals.add(total);
		});
		Map<Object, Object> emails = new LinkedHashMap<>();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> people = (List<Map<String, Object>>) model.getAttribute("people");
		if (people != null) {
			people.forEach((p) -> emails.put(String.valueOf(p.get("id")), p.get("email")));
		}
		model.addAttribute("payments", payments);
		model.addAttribute("paymentTotals", totals);
		model.addAttribute("payers", emails);
		model.addAttribute("morePayments",
				!page.path("nextCursor").isNull() && !page.path("nextCursor").isMissingNode());
	}

	private PlatformApi.Path timelinePath(UUID id, String cursor) {
		return this.api.path("/api/v1/people/{id}/timeline", id).query("cursor", cursor).query("limit", 25);
	}

	private void timeline(UUID id, JsonNode page, Model model) {
		model.addAttribute("entries", Json.items(page));
		model.addAttribute("timelineNext", page.path("nextCursor").asString(null));
		model.addAttribute("personId", id);
	}

	private static JsonNode definition(JsonNode model) {
		return model.has("definition") ? model.get("definition") : model;
	}

	static List<String> stageNames(JsonNode definition) {
		List<String> names = new ArrayList<>();
		definition.path("stages").forEach((stage) -> names.add(stage.path("name").asString()));
		return names;
	}

	/** The stage actions the model allows from this stage, for one of my roles. */
	static List<Map<String, Object>> actions(JsonNode definition, String stage, ConsoleUser me) {
		List<Map<String, Object>> actions = new ArrayList<>();
		for (JsonNode transition : definition.path("transitions")) {
			JsonNode trigger = transition.path("trigger");
			if (!"action".equals(trigger.path("kind").asString())) {
				continue;
			}
			boolean from = false;
			for (JsonNode f : transition.path("from")) {
				from |= f.asString().equals(stage) || f.asString().equals("*");
			}
			boolean role = trigger.path("roles").isEmpty();
			for (JsonNode r : trigger.path("roles")) {
				role |= me != null && me.has(r.asString());
			}
			String action = trigger.path("action").asString();
			if (from && role && actions.stream().noneMatch((a) -> a.get("action").equals(action))) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("action", action);
				entry.put("to", transition.path("to").asString());
				entry.put("reasonRequired", trigger.path("reasonRequired").asBoolean(false));
				actions.add(entry);
			}
		}
		return actions;
	}

}
