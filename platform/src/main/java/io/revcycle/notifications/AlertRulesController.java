package io.revcycle.notifications;

import java.util.List;

import io.revcycle.kernel.Audited;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/alert-rules}: who is alerted of payments, refunds and new
 * customers. Every user of the tenant reads them (as routing and SLA policies: the rules
 * say why someone is alerted); tenant admins change them, each change audited.
 */
@RestController
class AlertRulesController {

	private final AlertRules rules;

	private final ApplicationEventPublisher events;

	AlertRulesController(AlertRules rules, ApplicationEventPublisher events) {
		this.rules = rules;
		this.events = events;
	}

	/**
	 * The tenant's alert rules.
	 *
	 * @param rules the rules, in order; empty for no alerts at all
	 */
	record AlertRuleSet(List<AlertRule> rules) {
	}

	@GetMapping("/api/v1/alert-rules")
	@Transactional(readOnly = true)
	AlertRuleSet get() {
		return new AlertRuleSet(this.rules.current());
	}

	@PutMapping("/api/v1/alert-rules")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	AlertRuleSet put(@RequestBody AlertRuleSet document) {
		List<AlertRule> before = this.rules.current();
		List<AlertRule> after = this.rules.change(document.rules());
		this.events.publishEvent(
				new Audited("alert_rules.changed", "alert-rules", new AlertRuleSet(before), new AlertRuleSet(after)));
		return new AlertRuleSet(after);
	}

}
