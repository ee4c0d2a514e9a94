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
 * @param restartOn activity types that restart the clock ({@code any} for every type):
 * the timer comes due {@code minutes} after the latest such activity, and a breached
 * timer is closed and a fresh one opened (an opportunity with no activity for 14 days);
 * may be null
 * @param byOwner whether only activities done by the person's owner (the event's
 * {@code actor}) satisfy or restart the timer, so that nothing else counts for a person
 * without an owner; null means true for {@code SAL} and false for other stages
 */
public record SlaPolicy(String stage, int minutes, boolean businessTime, List<Step> ladder, List<String> satisfiedBy,
		List<String> restartOn, Boolean byOwner) {

	/** The activity type of {@link #restartOn} that matches every type. */
	static final String ANY = "any";

	/**
	 * A step of the escalation ladder.
	 *
	 * @param afterMinutes clock minutes after the due time
	 * @param action {@code notify_owner}, {@code escalate_manager} (notify the owner's
	 * manager), {@code reassign} (a new owner through routing, who is notified; the
	 * ladder goes on) or {@code auto_recycle} (the person moves to Recycled, which closes
	 * the timer: the last step)
	 */
	public record Step(int afterMinutes, String action) {
	}

	static final String NOTIFY_OWNER = "notify_owner";

	static final String ESCALATE_MANAGER = "escalate_manager";

	static final String REASSIGN = "reassign";

	static final String AUTO_RECYCLE = "auto_recycle";

	static final List<String> ACTIONS = List.of(NOTIFY_OWNER, ESCALATE_MANAGER, REASSIGN, AUTO_RECYCLE);

	/** Actions that change the person, run one timer at a time (they are rare). */
	static final List<String> PER_TIMER = List.of(REASSIGN, AUTO_RECYCLE);

	/** Whether only the owner's activities count. */
	boolean ownerOnly() {
		return (this.byOwner != null) ? this.byOwner : "SAL".equals(this.stage);
	}

	/** Whether an activity of this type satisfies the timer. */
	boolean satisfiedBy(String type) {
		return this.satisfiedBy != null && this.satisfiedBy.contains(type);
	}

	/** Whether an activity of this type restarts the clock. */
	boolean restartsOn(String type) {
		return this.restartOn != null && (this.restartOn.contains(ANY) || this.restartOn.contains(type));
	}

	/**
	 * The defaults: MQL within 4 business hours, SAL contacted by its owner within 24
	 * hours, Recycled within 3 days, Opportunity with no activity for 14 days.
	 */
	public static List<SlaPolicy> defaults() {
		List<Step> ladder = List.of(new Step(0, NOTIFY_OWNER), new Step(60, ESCALATE_MANAGER));
		return List.of(new SlaPolicy("MQL", 4 * 60, true, ladder, null, null, null),
				new SlaPolicy("SAL", 24 * 60, false, ladder, List.of("call_outbound", "email_sent", "meeting_held"),
						null, true),
				new SlaPolicy("Recycled", 3 * 24 * 60, false, List.of(new Step(0, NOTIFY_OWNER)),
						List.of("nurture_enrolled"), null, null),
				new SlaPolicy("Opportunity", 14 * 24 * 60, false, ladder, null, List.of(ANY), false));
	}

}
