package io.revcycle.routing;

import io.revcycle.kernel.Audited;

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

	private final ApplicationEventPublisher events;

	RoutingController(Routing routing, ApplicationEventPublisher events) {
		this.events = events;
		this.routing = routing;
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
		RoutingRules before = this.routing.settings();
		RoutingRules after = this.routing.change(settings);
		this.events.publishEvent(new Audited("routing.changed", "routing", before, after));
		return after;
	}

}
