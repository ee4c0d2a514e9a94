package io.revcycle.sla;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.revcycle.kernel.InvalidInput;

/**
 * A tenant's SLA terms: a policy per stage and the business calendar they count in.
 *
 * @param policies one per stage at most
 * @param calendar the business calendar
 */
public record SlaTerms(List<SlaPolicy> policies, BusinessCalendar calendar) {

	Optional<SlaPolicy> policy(String stage) {
		return this.policies.stream().filter((p) -> p.stage().equals(stage)).findFirst();
	}

	/**
	 * Checks the whole document; every problem is named by its path.
	 * @param stages the stages of the tenant's model: a policy names one of them
	 * @throws InvalidInput when the settings are not usable
	 */
	void validate(List<String> stages) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(this.policies == null, "policies", "is required (may be empty)");
		if (!problems.check(this.calendar == null, "calendar", "is required")) {
			this.calendar.validate(problems);
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; this.policies != null && i < this.policies.size(); i++) {
			SlaPolicy policy = this.policies.get(i);
			String at = "policies[" + i + "]";
			if (problems.check(policy == null, at, "must be a policy")) {
				continue;
			}
			if (!problems.check(policy.stage() == null || !seen.add(policy.stage()), at + ".stage",
					"is required, once per stage")) {
				problems.check(!stages.contains(policy.stage()), at + ".stage",
						"'" + policy.stage() + "' is not a stage of the stage model; its stages are " + stages);
			}
			problems.check(policy.minutes() <= 0 || policy.minutes() > 366 * 24 * 60, at + ".minutes",
					"must be more than 0 and at most a year (527040)");
			if (problems.check(policy.ladder() == null || policy.ladder().isEmpty(), at + ".ladder",
					"at least one step is required")) {
				continue;
			}
			int previous = -1;
			for (int s = 0; s < policy.ladder().size(); s++) {
				SlaPolicy.Step step = policy.ladder().get(s);
				String stepAt = at + ".ladder[" + s + "]";
				if (problems.check(step == null, stepAt, "must be a step")) {
					continue;
				}
				problems.check(step.action() == null || !SlaPolicy.ACTIONS.contains(step.action()), stepAt + ".action",
						"must be one of " + SlaPolicy.ACTIONS);
				problems.check(step.afterMinutes() < 0 || step.afterMinutes() > 366 * 24 * 60, stepAt + ".afterMinutes",
						"must be 0 to 527040 minutes after the due time");
				problems.check(step.afterMinutes() < previous, stepAt + ".afterMinutes", "steps must come in order");
				if (SlaPolicy.AUTO_RECYCLE.equals(step.action())) {
					problems.check("Recycled".equals(policy.stage()), stepAt + ".action",
							"a Recycled person cannot be recycled again");
					problems.check(s != policy.ladder().size() - 1, stepAt + ".action",
							"auto_recycle closes the timer, so it must be the last step");
				}
				previous = step.afterMinutes();
			}
			for (String field : List.of("satisfiedBy", "restartOn")) {
				List<String> types = "satisfiedBy".equals(field) ? policy.satisfiedBy() : policy.restartOn();
				problems.check(types != null && types.stream().anyMatch((t) -> t == null || t.isBlank()),
						at + "." + field, "activity types must not be blank");
			}
		}
		problems.throwIfAny();
	}

}
