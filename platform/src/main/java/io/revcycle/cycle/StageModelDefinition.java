package io.revcycle.cycle;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.revcycle.kernel.InvalidInput;

/**
 * A tenant's revenue cycle: its stages and the transitions between them. Transitions are
 * tried in order; the first whose trigger fires, from the person's current stage, wins.
 *
 * @param stages the stages, in funnel order
 * @param transitions the transitions
 * @param fastTrackWindowDays how old an event may be and still fast-track a person into
 * MQL (a demo request, an inbound call), unless its transition says otherwise; null means
 * {@value #DEFAULT_FAST_TRACK_WINDOW_DAYS}. Imported history must not fill SDR queues.
 */
public record StageModelDefinition(List<Stage> stages, List<Transition> transitions, Integer fastTrackWindowDays) {

	/** The fast-track window when the model names none. */
	public static final int DEFAULT_FAST_TRACK_WINDOW_DAYS = 7;

	/** The groups a stage belongs to. */
	static final Set<String> GROUPS = Set.of("pre-sale", "sale", "post-sale", "leak");

	/** The score levels a score trigger names. */
	static final Set<String> LEVELS = Set.of("engaged", "target", "mql");

	static final Set<String> KINDS = Set.of("identified", "score", "event", "action");

	static final Set<String> ROLES = Set.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support");

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,39}");

	private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

	/** The longest plain-language text of a stage. */
	static final int MAX_TEXT = 2000;

	/** The stage the fast track leads to. */
	public static final String MQL = "MQL";

	/**
	 * The fact an event trigger may name for a payment its source marks as an expansion
	 * ({@code properties.expansion: true}, as the Stripe connector marks an upgrade's
	 * prorated invoice). Only a person who is already a customer (a post-sale stage)
	 * expands by it: anyone else becomes a customer by the same payment.
	 */
	public static final String EXPANSION_PAYMENT = "expansion_payment";

	/** The fast-track window in force. */
	public int fastTrackWindow() {
		return (this.fastTrackWindowDays != null) ? this.fastTrackWindowDays : DEFAULT_FAST_TRACK_WINDOW_DAYS;
	}

	/** The names of the stages, in funnel order. */
	public List<String> stageNames() {
		return this.stages.stream().map(Stage::name).toList();
	}

	/**
	 * A stage, with what it means in plain language, so that marketing and sales agree on
	 * it before they sign the model.
	 *
	 * @param name the name
	 * @param group {@code pre-sale}, {@code sale}, {@code post-sale} or {@code leak}
	 * @param definition what a person in this stage is, in plain language; may be null
	 * @param entryCriteria what brings a person into the stage; may be null
	 * @param exitCriteria what takes a person out of it; may be null
	 */
	public record Stage(String name, String group, String definition, String entryCriteria, String exitCriteria) {

		/** A stage without its plain-language definition. */
		public Stage(String name, String group) {
			this(name, group, null, null, null);
		}

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
	 * @param maxAgeDays for {@code event}: how old the activity may be and still fire it;
	 * null means no limit, except into MQL, where the model's fast-track window applies
	 */
	public record Trigger(String kind, String fit, String behaviour, List<String> types, String action,
			List<String> roles, Boolean reasonRequired, Integer maxAgeDays) {

		/** Whether the action needs a reason; absent means no. */
		public boolean requiresReason() {
			return Boolean.TRUE.equals(this.reasonRequired);
		}

		static Trigger identified() {
			return new Trigger("identified", null, null, null, null, null, false, null);
		}

		static Trigger score(String fit, String behaviour) {
			return new Trigger("score", fit, behaviour, null, null, null, false, null);
		}

		static Trigger event(String... types) {
			return new Trigger("event", null, null, List.of(types), null, null, false, null);
		}

		static Trigger action(String action, boolean reasonRequired, String... roles) {
			return new Trigger("action", null, null, null, action, List.of(roles), reasonRequired, null);
		}

	}

	/**
	 * The longest an activity may be past and still fire an event transition, or null for
	 * no limit.
	 */
	Duration maxAge(Transition transition) {
		if (transition.trigger().maxAgeDays() != null) {
			return Duration.ofDays(transition.trigger().maxAgeDays());
		}
		return MQL.equals(transition.to()) ? Duration.ofDays(fastTrackWindow()) : null;
	}

	/**
	 * Checks the whole model; every problem is named by its path.
	 * @throws InvalidInput when the model is not usable
	 */
	public void validate() {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		Set<String> names = new HashSet<>();
		if (!problems.check(this.stages == null || this.stages.isEmpty(), "stages", "at least one stage is required")) {
			for (int i = 0; i < this.stages.size(); i++) {
				Stage stage = this.stages.get(i);
				String at = "stages[" + i + "]";
				if (problems.check(stage == null, at, "must be a stage")) {
					continue;
				}
				if (!problems.check(stage.name() == null || !NAME.matcher(stage.name()).matches(), at + ".name",
						"is required: a name of letters, digits, spaces, '_' or '-', starting with a letter, at most "
								+ "40 characters")) {
					problems.check(!names.add(stage.name()), at + ".name", "'" + stage.name() + "' appears twice");
				}
				problems.check(stage.group() != null && !GROUPS.contains(stage.group()), at + ".group",
						"must be one of " + new TreeSet<>(GROUPS));
				problems.check(stage.definition() != null && stage.definition().length() > MAX_TEXT, at + ".definition",
						"must be at most " + MAX_TEXT + " characters");
				problems.check(stage.entryCriteria() != null && stage.entryCriteria().length() > MAX_TEXT,
						at + ".entryCriteria", "must be at most " + MAX_TEXT + " characters");
				problems.check(stage.exitCriteria() != null && stage.exitCriteria().length() > MAX_TEXT,
						at + ".exitCriteria", "must be at most " + MAX_TEXT + " characters");
			}
			for (String required : List.of("Anonymous", "Known")) {
				problems.check(!names.contains(required), "stages",
						"'" + required + "' is required: new people start there");
			}
		}
		problems.check(
				this.fastTrackWindowDays != null && (this.fastTrackWindowDays < 0 || this.fastTrackWindowDays > 3650),
				"fastTrackWindowDays", "must be 0 to 3650 days");
		if (!problems.check(this.transitions == null || this.transitions.isEmpty(), "transitions",
				"at least one transition is required")) {
			for (int i = 0; i < this.transitions.size(); i++) {
				validate(this.transitions.get(i), "transitions[" + i + "]", names, problems);
			}
		}
		problems.throwIfAny();
	}

	private static void validate(Transition t, String at, Set<String> names, InvalidInput.Collector problems) {
		if (problems.check(t == null, at, "must be a transition")) {
			return;
		}
		problems.check(t.to() == null || !names.contains(t.to()), at + ".to", "must be one of the stages");
		problems.check(t.from() == null || t.from().isEmpty() || !names.containsAll(t.from()), at + ".from",
				"must list stages of the model");
		Trigger trigger = t.trigger();
		if (problems.check(trigger == null || trigger.kind() == null || !KINDS.contains(trigger.kind()),
				at + ".trigger.kind", "must be identified, score, event or action")) {
			return;
		}
		switch (trigger.kind()) {
			case "score" -> problems.check(
					(trigger.fit() == null && trigger.behaviour() == null)
							|| (trigger.fit() != null && !LEVELS.contains(trigger.fit()))
							|| (trigger.behaviour() != null && !LEVELS.contains(trigger.behaviour())),
					at + ".trigger", "a score trigger names fit and/or behaviour among " + new TreeSet<>(LEVELS));
			case "event" -> {
				problems.check(trigger.types() == null || trigger.types().isEmpty()
						|| trigger.types().stream().anyMatch((type) -> type == null || !TYPE.matcher(type).matches()),
						at + ".trigger.types", "an event trigger needs lowercase event types such as demo_requested");
				problems.check(
						trigger.maxAgeDays() != null && (trigger.maxAgeDays() < 0 || trigger.maxAgeDays() > 36500),
						at + ".trigger.maxAgeDays", "must be 0 to 36500 days");
			}
			case "action" -> {
				problems.check(trigger.action() == null || !TYPE.matcher(trigger.action()).matches(),
						at + ".trigger.action", "an action trigger needs a lowercase action name such as accept");
				problems.check(
						trigger.roles() == null || trigger.roles().isEmpty()
								|| trigger.roles().stream().anyMatch((role) -> !ROLES.contains(role)),
						at + ".trigger.roles", "must name the roles that may take it, among " + new TreeSet<>(ROLES));
			}
			default -> {
			}
		}
	}

	/**
	 * The default revenue cycle of every new tenant: from the first touch to cash
	 * (opening a deal makes an Opportunity, winning it or a payment a Customer) and on to
	 * a retained customer (Onboarding, Adopted, Expansion); Recycled, Disqualified, Lost
	 * and Churned are leaks, and a churned customer who pays again comes back.
	 */
	public static StageModelDefinition defaults() {
		List<String> beforeMql = List.of("Anonymous", "Known", "Engaged", "Target");
		List<String> open = List.of("Anonymous", "Known", "Engaged", "Target", "MQL", "SAL", "SQL", "Opportunity",
				"Recycled", "Disqualified", "Lost", "Churned");
		List<String> customers = List.of("Customer", "Onboarding", "Adopted", "Expansion");
		String[] sales = { "sdr", "ae", "tenant-admin" };
		return new StageModelDefinition(List.of(
				new Stage("Anonymous", "pre-sale", "Someone we only know by a cookie or a device: no email yet.",
						"The first touch of an unknown visitor.", "They give an email (a form, a reply, an import)."),
				new Stage("Known", "pre-sale", "A person with an email address who has not shown interest yet.",
						"An anonymous visitor identifies, or a person is imported or created.",
						"Their behaviour score reaches Engaged, their fit Target, or they ask for a demo or call."),
				new Stage("Engaged", "pre-sale", "A known person who engages with our content.",
						"The behaviour score reaches the scoring model's engaged threshold.",
						"Their fit reaches Target, both scores reach MQL, or they ask for a demo or call."),
				new Stage("Target", "pre-sale", "A person who fits our ideal customer profile.",
						"The fit score reaches the scoring model's target threshold.",
						"Both scores reach MQL, or they ask for a demo or call."),
				new Stage("MQL", "pre-sale",
						"A marketing qualified lead: fits the profile and shows enough interest for sales to call.",
						"Fit and behaviour both reach the MQL thresholds both teams signed, or a recent demo "
								+ "request or inbound call.",
						"Sales accepts it (SAL), rejects it with a reason (Recycled), or disqualifies it."),
				new Stage("SAL", "sale", "A sales accepted lead: an SDR or AE agreed to work it.",
						"Sales accepts the MQL.",
						"Sales qualifies it (SQL), recycles it with a reason, or disqualifies it."),
				new Stage("SQL", "sale",
						"A sales qualified lead: budget, authority, need and timing confirmed in conversation.",
						"Sales qualifies the accepted lead.", "A deal is opened (Opportunity), or it is recycled."),
				new Stage("Opportunity", "sale", "A person with an open deal.", "A deal is opened for them.",
						"The deal is won (Customer) or lost (Lost), or it is recycled."),
				new Stage("Customer", "post-sale", "A person whose company pays us.",
						"A payment succeeds or a deal is won.", "Onboarding starts, they expand, or they churn."),
				new Stage("Onboarding", "post-sale", "A new customer being set up.", "Onboarding starts.",
						"Onboarding completes (Adopted), or they churn."),
				new Stage("Adopted", "post-sale", "A customer using the product as intended.", "Onboarding completes.",
						"They expand, or they churn."),
				new Stage("Expansion", "post-sale", "A customer who bought more.",
						"A subscription upgrade, an expansion payment (a payment its source marks as one, such as an "
								+ "upgrade's prorated invoice) or another won deal.",
						"They churn."),
				new Stage("Recycled", "leak", "A lead sent back to marketing to nurture, with the reason.",
						"Sales rejects or recycles the lead with a reason.",
						"They become an MQL again, or a deal is opened."),
				new Stage("Disqualified", "leak", "A person who will not buy: not our market, a competitor, spam.",
						"Someone disqualifies them with a reason.", "None: a final stage."),
				new Stage("Churned", "leak", "A former customer.", "Their subscription is canceled.",
						"They pay again (Customer)."),
				new Stage("Lost", "leak", "A person whose deal was lost.", "Their deal is lost, with its reason.",
						"A new deal, a new MQL, or a payment.")),
				List.of(new Transition(open, "Customer", Trigger.event("payment_succeeded", "deal_won")),
						new Transition(customers, "Churned", Trigger.event("subscription_canceled")),
						new Transition(List.of("Customer", "Onboarding", "Adopted"), "Expansion",
								Trigger.event("subscription_upgraded", EXPANSION_PAYMENT, "deal_won")),
						new Transition(List.of("Customer"), "Onboarding", Trigger.event("onboarding_started")),
						new Transition(List.of("Customer", "Onboarding"), "Adopted",
								Trigger.event("onboarding_completed")),
						new Transition(List.of("Anonymous"), "Known", Trigger.identified()),
						new Transition(List.of("Known", "Engaged", "Target", "MQL", "SAL", "SQL", "Recycled", "Lost"),
								"Opportunity", Trigger.event("deal_opened")),
						new Transition(List.of("Opportunity"), "Lost", Trigger.event("deal_lost")),
						new Transition(List.of("Anonymous", "Known", "Engaged", "Target", "Recycled", "Lost"), "MQL",
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
								Trigger.action("disqualify", true, sales))),
				DEFAULT_FAST_TRACK_WINDOW_DAYS);
	}

}
