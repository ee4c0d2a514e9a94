package io.revcycle.sla;

import java.util.List;

/**
 * The SLA of a stage: how long a person may stay there before someone must act, and what
 * happens when nobody did. Leaving the stage satisfies it (an MQL accepted or rejected, a
 * SAL qualified or recycled, ...).
 *
 * @param stage the stage
 * @param minutes the time allowed
 * @param businessTime whether the minutes count business time (the tenant's calendar) or
 * clock time
 * @param ladder the escalation steps, in order
 * @param satisfiedBy activity types that satisfy the SLA while the person is still in the
 * stage (a SAL contacted: {@code call_outbound}, {@code email_sent},
 * {@code meeting_held}); may be null
 */
public record SlaPolicy(String stage, int minutes, boolean businessTime, List<Step> ladder, List<String> satisfiedBy) {

	/**
	 * A step of the escalation ladder.
	 *
	 * @param afterMinutes clock minutes after the due time
	 * @param action {@code notify_owner}, {@code escalate_manager} (notify the owner's
	 * manager)
	 */
	public record Step(int afterMinutes, String action) {
	}

	static final List<String> ACTIONS = List.of("notify_owner", "escalate_manager");

	/**
	 * The defaults: MQL within 4 business hours, SAL within 24 hours, Recycled within 3
	 * days, Opportunity 14 days.
	 */
	public static List<SlaPolicy> defaults() {
		List<Step> ladder = List.of(new Step(0, "notify_owner"), new Step(60, "escalate_manager"));
		return List.of(new SlaPolicy("MQL", 4 * 60, true, ladder, null),
				new SlaPolicy("SAL", 24 * 60, false, ladder, List.of("call_outbound", "email_sent", "meeting_held")),
				new SlaPolicy("Recycled", 3 * 24 * 60, false, List.of(new Step(0, "notify_owner")),
						List.of("nurture_enrolled")),
				new SlaPolicy("Opportunity", 14 * 24 * 60, false, ladder, null));
	}

}
