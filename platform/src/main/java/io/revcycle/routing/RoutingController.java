package io.revcycle.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.revcycle.kernel.Audited;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.tenancy.Members;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/routing}: territory rules, the default team, and each rep's
 * weight, capacity and away flag.
 */
@RestController
class RoutingController {

	private final Routing routing;

	private final Members members;

	private final ApplicationEventPublisher events;

	RoutingController(Routing routing, Members members, ApplicationEventPublisher events) {
		this.events = events;
		this.routing = routing;
		this.members = members;
	}

	@GetMapping("/api/v1/routing")
	@Transactional(readOnly = true)
	RoutingRules get() {
		return this.routing.settings();
	}

	@PutMapping("/api/v1/routing")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	RoutingRules put(@RequestBody RoutingRules settings) {
		List<RoutingRules.Rule> rules = (settings.rules() != null) ? settings.rules() : List.of();
		List<RoutingRules.Rep> reps = (settings.reps() != null) ? settings.reps() : List.of();
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(settings.rules() == null, "rules", "is required (may be empty): the territory rules, in order");
		problems.check(settings.reps() == null, "reps", "is required (may be empty): how each rep takes part");
		for (int i = 0; i < rules.size(); i++) {
			RoutingRules.Rule rule = rules.get(i);
			String at = "rules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			problems.check(rule.team() == null || rule.team().isBlank() || rule.team().length() > 100, at + ".team",
					"is required (a team name of at most 100 characters)");
			problems.check(
					rule.countries() != null
							&& rule.countries().stream().anyMatch((c) -> c == null || !c.matches("[A-Za-z]{2}")),
					at + ".countries", "must be ISO 3166 two-letter country codes");
			problems.check(
					rule.industries() != null
							&& rule.industries().stream().anyMatch((c) -> c == null || c.isBlank() || c.length() > 200),
					at + ".industries", "must be industry names of at most 200 characters");
		}
		problems.check(settings.defaultTeam() != null && settings.defaultTeam().length() > 100, "defaultTeam",
				"must be at most 100 characters");
		problems.check(
				settings.aboutToBreachMinutes() != null
						&& (settings.aboutToBreachMinutes() < 0 || settings.aboutToBreachMinutes() > 7 * 24 * 60),
				"aboutToBreachMinutes", "must be 0 to 10080 minutes");
		Set<Object> seen = new HashSet<>();
		for (int i = 0; i < reps.size(); i++) {
			RoutingRules.Rep rep = reps.get(i);
			String at = "reps[" + i + "]";
			if (problems.check(rep == null, at, "must be a rep")) {
				continue;
			}
			if (!problems.check(rep.userId() == null || !this.members.exists(rep.userId()), at + ".userId",
					"not a user of this tenant")) {
				problems.check(!seen.add(rep.userId()), at + ".userId", "listed twice");
			}
			problems.check(rep.weight() < 1 || rep.weight() > 1000, at + ".weight", "must be 1 to 1000");
			problems.check(rep.capacity() != null && (rep.capacity() < 0 || rep.capacity() > 100_000), at + ".capacity",
					"must be 0 to 100000");
		}
		problems.throwIfAny();
		RoutingRules before = this.routing.settings();
		this.routing.replace(
				new RoutingRules(rules, blankToNull(settings.defaultTeam()), reps, settings.aboutToBreachMinutes()));
		RoutingRules after = this.routing.settings();
		this.events.publishEvent(new Audited("routing.changed", "routing", before, after));
		return after;
	}

	private static String blankToNull(String text) {
		return (text != null && !text.isBlank()) ? text.trim() : null;
	}

}
