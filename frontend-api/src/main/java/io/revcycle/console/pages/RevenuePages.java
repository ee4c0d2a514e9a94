package io.revcycle.console.pages;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Revenue: campaigns under an attribution model (MQLs beside revenue, cost, ROI and CAC,
 * as two bar charts side by side), the funnel with conversion, velocity and leaks, the
 * pipeline, and a revenue-plan calculator. Everything is read from the analytics API.
 */
@Controller
class RevenuePages {

	static final List<String> MODELS = List.of("linear", "first_touch", "last_touch", "u_shaped", "w_shaped",
			"full_path", "time_decay", "j_shaped", "inverse_j");

	private final PlatformApi api;

	private final Clock clock;

	RevenuePages(PlatformApi api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	@GetMapping("/revenue")
	String campaigns(@RequestParam(required = false) String model, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, Model page) {
		page.addAttribute("nav", "revenue");
		String chosen = (model != null && MODELS.contains(model)) ? model : "linear";
		Window window = window(from, to);
		JsonNode report = this.api.get(this.api.path("/api/v1/analytics/campaigns")
			.query("model", chosen)
			.query("from", window.from())
			.query("to", window.to()));
		List<Map<String, Object>> items = Json.items(report);
		List<String> labels = new ArrayList<>();
		List<Object> mqls = new ArrayList<>();
		List<Object> revenue = new ArrayList<>();
		for (Map<String, Object> item : items) {
			Object roi = item.get("roi");
			item.put("roiPercent", (roi != null)
					? new BigDecimal(roi.toString()).movePointRight(2).setScale(0, RoundingMode.HALF_UP) + "%" : "—");
		}
		for (JsonNode item : report.path("items")) {
			labels.add(item.path("name").asString(item.path("key").asString()));
			mqls.add(item.path("mqls").asLong());
			revenue.add(new BigDecimal(item.path("revenue").path("amount").asString("0")));
		}
		page.addAttribute("report", Json.map(report));
		page.addAttribute("items", items);
		page.addAttribute("labels", Json.write(labels));
		page.addAttribute("mqls", Json.write(mqls));
		page.addAttribute("revenue", Json.write(revenue));
		page.addAttribute("model", chosen);
		page.addAttribute("models", MODELS);
		page.addAttribute("from", window.from());
		page.addAttribute("to", window.to());
		return "revenue";
	}

	@GetMapping("/revenue/funnel")
	String funnel(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model page) {
		page.addAttribute("nav", "funnel");
		Window window = window(from, to);
		PlatformApi.Later pipeline = this.api.getLater(this.api.path("/api/v1/analytics/pipeline"));
		page.addAttribute("funnel", Json.map(this.api
			.get(this.api.path("/api/v1/analytics/funnel").query("from", window.from()).query("to", window.to()))));
		page.addAttribute("pipeline", Json.map(pipeline.join()));
		page.addAttribute("from", window.from());
		page.addAttribute("to", window.to());
		return "funnel";
	}

	@GetMapping("/revenue/plan")
	String plan(@RequestParam(required = false) String target, @RequestParam(required = false) String currency,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model page) {
		page.addAttribute("nav", "revenue");
		Window window = window(from, to);
		if (target != null && !target.isBlank()) {
			page.addAttribute("plan",
					Json.map(this.api.get(this.api.path("/api/v1/analytics/revenue-plan")
						.query("target", target.trim())
						.query("currency", currency)
						.query("from", window.from())
						.query("to", window.to()))));
		}
		page.addAttribute("target", target);
		page.addAttribute("currency", (currency != null) ? currency : "EUR");
		page.addAttribute("from", window.from());
		page.addAttribute("to", window.to());
		return "plan";
	}

	/** The report window: as given, else the last twelve months up to tomorrow. */
	private Window window(String from, String to) {
		LocalDate today = LocalDate.now(this.clock);
		return new Window((from != null && !from.isBlank()) ? from : today.minusMonths(12).toString(),
				(to != null && !to.isBlank()) ? to : today.plusDays(1).toString());
	}

	record Window(String from, String to) {
	}

}
