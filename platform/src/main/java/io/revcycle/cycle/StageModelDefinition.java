package io.revcycle.cycle;

import java.util.List;

/**
 * A tenant's revenue cycle: its stages and the transitions between them. Transitions are
 * tried in order; the first whose trigger fires, from the person's current stage, wins.
 *
 * @param stages the stages, in funnel order
 * @param transitions the transitions
 */
public record StageModelDefinition(List<Stage> stages, List<Transition> transitions) {

	/**
	 * A stage.
	 *
	 * @param name the name
	 * @param group {@code pre-sale}, {@code sale}, {@code post-sale} or {@code leak}
	 */
	public record Stage(String name, String group) {
	}

	/**
	 * A transition.
	 *
	 * @param from the stages it leaves from
	 * @param to the stage it enters
	 * @param trigger what fires it
	 */
	public record Transition(List<String> from, String to, Trigger trigger) {
	}

	/**
	 * What fires a transition.
	 *
	 * @param kind {@code identified} (an anonymous person gave an email), {@code score}
	 * (thresholds of the scoring model: {@code fit} and/or {@code behaviour} name one of
	 * {@code engaged}, {@code target}, {@code mql}), {@code event} (an activity of one of
	 * {@code types}), or {@code action} (a user's {@code action}, by one of
	 * {@code roles}, with a reason when {@code reasonRequired})
	 * @param fit the fit threshold, for {@code score}
	 * @param behaviour the behaviour threshold, for {@code score}
	 * @param types the activity types, for {@code event}
	 * @param action the action name, for {@code action}
	 * @param roles who may act, for {@code action}
	 * @param reasonRequired whether the action needs a reason
	 */
	public record Trigger(String kind, String fit, String behaviour, List<String> types, String action,
			List<String> roles, Boolean reasonRequired) {

		/** Whether the action needs a reason; absent means no. */
		public boolean requiresReason() {
			return Boolean.TRUE.equals(this.reasonRequired);
		}

		static Trigger identified() {
			return new Trigger("identified", null, null, null, null, null, false);
		}

		static Trigger score(String fit, String behaviour) {
			return new Trigger("score", fit, behaviour, null, null, null, false);
		}

		static Trigger event(String... types) {
			return new Trigger("event", null, null, List.of(types), null, null, false);
		}

		static Trigger action(String action, boolean reasonRequired, String... roles) {
			return new Trigger("action", null, null, null, action, List.of(roles), reasonRequired);
		}

	}

	/**
	 * Checks the model; the message names what to fix.
	 * @throws IllegalArgumentException when the model is not usable
	 */
	public void validate() {
		if (this.stages == null || this.stages.isEmpty()) {
			throw new IllegalArgumentException("stages: at least one stage is required.");
		}
		java.util.Set<String> names = new java.util.HashSet<>();
		for (int i = 0; i < this.stages.size(); i++) {
			Stage stage = this.stages.get(i);
			if (stage == null || stage.name() == null || stage.name().isBlank()) {
				throw new IllegalArgumentException("stages[" + i + "].name: is required.");
			}
			if (!names.add(stage.name())) {
				throw new IllegalArgumentException("stages[" + i + "].name: '" + stage.name() + "' appears twice.");
			}
		}
		for (String required : java.util.List.of("Anonymous", "Known")) {
			if (!names.contains(required)) {
				throw new IllegalArgumentException("stages: '" + required + "' is required: new people start there.");
			}
		}
		java.util.List<Transition> all = (this.transitions != null) ? this.transitions : java.util.List.of();
		for (int i = 0; i < all.size(); i++) {
			Transition t = all.get(i);
			String at = "transitions[" + i + "]";
			if (t == null || t.to() == null || !names.contains(t.to())) {
				throw new IllegalArgumentException(at + ".to: must be one of the stages.");
			}
			if (t.from() == null || t.from().isEmpty() || !names.containsAll(t.from())) {
				throw new IllegalArgumentException(at + ".from: must list stages of the model.");
			}
			Trigger trigger = t.trigger();
			if (trigger == null || trigger.kind() == null) {
				throw new IllegalArgumentException(at + ".trigger.kind: is required.");
			}
			switch (trigger.kind()) {
				case "identified" -> {
				}
				case "score" -> {
					java.util.Set<String> levels = java.util.Set.of("engaged", "target", "mql");
					if ((trigger.fit() == null && trigger.behaviour() == null)
							|| (trigger.fit() != null && !levels.contains(trigger.fit()))
							|| (trigger.behaviour() != null && !levels.contains(trigger.behaviour()))) {
						throw new IllegalArgumentException(
								at + ".trigger: a score trigger names fit and/or behaviour among " + levels + ".");
					}
				}
				case "event" -> {
					if (trigger.types() == null || trigger.types().isEmpty()) {
						throw new IllegalArgumentException(at + ".trigger.types: an event trigger needs event types.");
					}
				}
				case "action" -> {
					if (trigger.action() == null || trigger.action().isBlank() || trigger.roles() == null
							|| trigger.roles().isEmpty()) {
						throw new IllegalArgumentException(at
								+ ".trigger: an action trigger needs an action name and the roles that may take it.");
					}
				}
				default -> throw new IllegalArgumentException(
						at + ".trigger.kind: must be identified, score, event or action.");
			}
		}
	}

	/** The default revenue cycle of every new tenant. */
	public static StageModelDefinition defaults() {
		List<String> beforeMql = List.of("Anonymous", "Known", "Engaged", "Target");
		List<String> open = List.of("Anonymous", "Known", "Engaged", "Target", "MQL", "SAL", "SQL", "Opportunity",
				"Recycled", "Disqualified", "Lost");
		List<String> customers = List.of("Customer", "Onboarding", "Adopted", "Expansion");
		String[] sales = { "sdr", "ae", "tenant-admin" };
		return new StageModelDefinition(List.of(new Stage("Anonymous", "pre-sale"), new Stage("Known", "pre-sale"),
				new Stage("Engaged", "pre-sale"), new Stage("Target", "pre-sale"), new Stage("MQL", "pre-sale"),
				new Stage("SAL", "sale"), new Stage("SQL", "sale"), new Stage("Opportunity", "sale"),
				new Stage("Customer", "post-sale"), new Stage("Onboarding", "post-sale"),
				new Stage("Adopted", "post-sale"), new Stage("Expansion", "post-sale"), new Stage("Recycled", "leak"),
				new Stage("Disqualified", "leak"), new Stage("Churned", "leak"), new Stage("Lost", "leak")),
				List.of(new Transition(open, "Customer", Trigger.event("payment_succeeded")),
						new Transition(customers, "Churned", Trigger.event("subscription_canceled")),
						new Transition(List.of("Anonymous"), "Known", Trigger.identified()),
						new Transition(List.of("Anonymous", "Known", "Engaged", "Target", "Recycled"), "MQL",
								Trigger.event("demo_requested", "call_inbound")),
						new Transition(List.of("Known", "Engaged", "Target"), "MQL", Trigger.score("mql", "mql")),
						new Transition(List.of("Known", "Engaged"), "Target", Trigger.score("target", null)),
						new Transition(List.of("Known"), "Engaged", Trigger.score(null, "engaged")),
						new Transition(List.of("MQL"), "SAL", Trigger.action("accept", false, sales)),
						new Transition(List.of("MQL"), "Recycled", Trigger.action("reject", true, sales)),
						new Transition(List.of("SAL"), "SQL", Trigger.action("qualify", false, sales)),
						new Transition(List.of("SAL", "SQL", "Opportunity"), "Recycled",
								Trigger.action("recycle", true, sales)),
						new Transition(beforeMql.stream().toList(), "Disqualified",
								Trigger.action("disqualify", true, "marketing", "sdr", "ae", "tenant-admin")),
						new Transition(List.of("MQL", "SAL", "SQL", "Recycled"), "Disqualified",
								Trigger.action("disqualify", true, sales))));
	}

}
