package io.revcycle.cycle;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.PgArrays;
import io.revcycle.people.Person;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves people through the tenant's revenue cycle: automatically (identity, scores,
 * events) and by users' actions. Every move is recorded in the stage history and on the
 * timeline, and published as {@link StageExited} then {@link StageEntered}, inside the
 * caller's transaction.
 */
@Component
public class Cycle {

	private static final int MAX_AUTOMATIC_STEPS = 6;

	private final StageModels models;

	private final JdbcTemplate jdbc;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	Cycle(StageModels models, JdbcTemplate jdbc, Timeline timeline, ApplicationEventPublisher events) {
		this.models = models;
		this.jdbc = jdbc;
		this.timeline = timeline;
		this.events = events;
	}

	/**
	 * What the engine knows about a person when it evaluates automatic transitions.
	 *
	 * @param person the person, with its current scores
	 * @param events the activity types that just happened to the person, each with when
	 * the latest of its kind occurred
	 */
	public record Facts(Person person, Map<String, Instant> events) {

		/** A person to whom nothing just happened (an import, a rescoring). */
		public Facts(Person person) {
			this(person, Map.of());
		}

	}

	/**
	 * The stage model in force, as the API shows it and takes it back.
	 *
	 * @param version the version
	 * @param stages the stages, in funnel order
	 * @param transitions the transitions
	 * @param fastTrackWindowDays how old an event may be and still fast-track into MQL
	 */
	public record Model(int version, List<StageModelDefinition.Stage> stages,
			List<StageModelDefinition.Transition> transitions, int fastTrackWindowDays) {
	}

	/**
	 * A stage change.
	 *
	 * @param person the person
	 * @param from the stage left
	 * @param to the stage entered
	 * @param cause what caused it
	 * @param actor who
	 * @param reason why, when a user gave one
	 */
	public record Move(Person person, String from, String to, String cause, String actor, String reason) {
	}

	/**
	 * The score thresholds the automatic transitions test, from the scoring model both
	 * sides signed.
	 *
	 * @param engaged behaviour score from which a person is Engaged
	 * @param target fit score from which a person is a Target
	 * @param mqlFit fit score an MQL needs
	 * @param mqlBehaviour behaviour score an MQL needs
	 */
	public record Thresholds(int engaged, int target, int mqlFit, int mqlBehaviour) {
	}

	/** Raised when the stage model does not allow an action from the person's stage. */
	public static final class NotAllowed extends Conflict {

		NotAllowed(String message) {
			super(message);
		}

	}

	/** The stage model in force, with its version. */
	public Model model() {
		StageModels.Versioned current = this.models.current();
		return new Model(current.version(), current.definition().stages(), current.definition().transitions(),
				current.definition().fastTrackWindow());
	}

	/** Every stage each person of the current tenant has ever entered. */
	public Map<UUID, Set<String>> stagesReached() {
		Map<UUID, Set<String>> reached = new java.util.HashMap<>();
		this.jdbc.query("select distinct person_id, to_stage from stage_history", (rs) -> {
			reached.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new java.util.HashSet<>()).add(rs.getString(2));
		});
		return reached;
	}

	/** The names of the stages of the model in force, in funnel order. */
	public List<String> stageNames() {
		return this.models.current().definition().stageNames();
	}

	/**
	 * Publishes a new version of the tenant's stage model; people keep their stage and
	 * move by the new rules from now on.
	 * @throws io.revcycle.kernel.InvalidInput when the model is not usable (naming every
	 * problem by its path)
	 */
	public Model publish(StageModelDefinition definition, String actor) {
		definition.validate();
		this.models.publish(definition, actor);
		return model();
	}

	/**
	 * Proposes a stage model for both teams' sign-off, unless it says what the model in
	 * force says already.
	 * @param name the version's name, may be null
	 * @param definition the model
	 * @param actor who proposes it
	 * @return the proposed version's id, or empty when the model in force is the same
	 * @throws io.revcycle.kernel.InvalidInput when the model is not usable
	 */
	public java.util.Optional<UUID> propose(String name, StageModelDefinition definition, String actor) {
		definition.validate();
		if (definition.equals(this.models.current().definition())) {
			return java.util.Optional.empty();
		}
		StageModels.Stored draft = this.models.draft(name, definition, actor);
		this.models.propose(draft.id(), draft.createdAt());
		return java.util.Optional.of(draft.id());
	}

	/** The definition of the stage model in force. */
	public StageModelDefinition definition() {
		return this.models.current().definition();
	}

	/**
	 * Whether a proposed version that says exactly this awaits both teams' sign-off, so
	 * that proposing the same model again can be skipped.
	 */
	public boolean awaitingSignOff(StageModelDefinition definition) {
		return this.models.proposed().contains(definition);
	}

	/**
	 * Applies every automatic transition that fires, repeatedly (a new visitor who
	 * requests a demo becomes Known, then MQL), and records the moves.
	 * @param facts the people and what just happened to them
	 * @param thresholds the scoring model's thresholds
	 * @param at when
	 * @return the moves made
	 */
	public List<Move> evaluate(List<Facts> facts, Thresholds thresholds, Instant at) {
		StageModels.Versioned model = this.models.current();
		List<Move> moves = new ArrayList<>();
		for (Facts given : facts) {
			Facts fact = onlyCustomersExpand(model.definition(), given);
			Person person = fact.person();
			for (int step = 0; step < MAX_AUTOMATIC_STEPS; step++) {
				StageModelDefinition.Transition fired = automatic(model.definition(), fact, thresholds, at);
				if (fired == null) {
					break;
				}
				String cause = switch (fired.trigger().kind()) {
					case "event" -> "event:" + fired.trigger()
						.types()
						.stream()
						.filter((type) -> recent(model.definition(), fired, fact, type, at))
						.findFirst()
						.orElse("?");
					default -> fired.trigger().kind();
				};
				moves.add(new Move(person, person.stage(), fired.to(), cause, "system", null));
				person.enter(fired.to(), at);
			}
		}
		record(moves, model.version(), at);
		return moves;
	}

	/**
	 * A user's action on a person.
	 * @param person the person
	 * @param action {@code accept}, {@code reject}, {@code qualify}, {@code recycle},
	 * {@code disqualify} or any action of the tenant's model
	 * @param reason why; required where the model says
	 * @param actor the user
	 * @param roles the user's roles
	 * @param at when
	 * @return the move
	 * @throws NotAllowed when the model does not allow the action from the person's stage
	 * @throws IllegalArgumentException when the action is unknown, or a required reason
	 * is missing
	 * @throws SecurityException when the user's roles may not take the action
	 */
	public Move act(Person person, String action, String reason, String actor, Set<String> roles, Instant at) {
		StageModels.Versioned model = this.models.current();
		List<StageModelDefinition.Transition> named = model.definition()
			.transitions()
			.stream()
			.filter((t) -> "action".equals(t.trigger().kind()) && t.trigger().action().equals(action))
			.toList();
		if (named.isEmpty()) {
			throw new IllegalArgumentException("action: unknown action '" + action + "'; the stage model knows "
					+ model.definition()
						.transitions()
						.stream()
						.filter((t) -> "action".equals(t.trigger().kind()))
						.map((t) -> t.trigger().action())
						.distinct()
						.toList()
					+ ".");
		}
		StageModelDefinition.Transition transition = named.stream()
			.filter((t) -> t.from().contains(person.stage()))
			.filter((t) -> t.trigger().roles().stream().anyMatch(roles::contains))
			.findFirst()
			.orElse(null);
		if (transition == null) {
			if (named.stream().anyMatch((t) -> t.from().contains(person.stage()))) {
				throw new SecurityException(
						"Your roles " + roles + " may not " + action + " a person in " + person.stage() + ".");
			}
			throw new NotAllowed(
					"The stage model does not allow '" + action + "' from " + person.stage() + "; it allows it from "
							+ named.stream().flatMap((t) -> t.from().stream()).distinct().toList() + ".");
		}
		if (transition.trigger().requiresReason() && (reason == null || reason.isBlank())) {
			throw new IllegalArgumentException("reason: '" + action + "' needs a reason.");
		}
		Move move = new Move(person, person.stage(), transition.to(), "action:" + action, actor, reason);
		person.enter(transition.to(), at);
		record(List.of(move), model.version(), at);
		return move;
	}

	/**
	 * A move the engine makes on its own account (an SLA's auto-recycle), recorded with
	 * actor {@code system}. The stage model must know a transition from the person's
	 * stage to {@code to}, whatever its trigger: the engine takes no path a user could
	 * not.
	 * @param person the person
	 * @param to the stage to enter
	 * @param cause what caused it, for example {@code sla:auto_recycle}
	 * @param reason why, for people; may be null
	 * @param at when
	 * @return the move
	 * @throws NotAllowed when the model has no transition from the person's stage to
	 * {@code to}
	 */
	public Move move(Person person, String to, String cause, String reason, Instant at) {
		StageModels.Versioned model = this.models.current();
		boolean known = model.definition()
			.transitions()
			.stream()
			.anyMatch((t) -> t.to().equals(to) && t.from().contains(person.stage()));
		if (!known) {
			throw new NotAllowed("The stage model has no transition from " + person.stage() + " to " + to + ".");
		}
		Move move = new Move(person, person.stage(), to, cause, "system", reason);
		person.enter(to, at);
		record(List.of(move), model.version(), at);
		return move;
	}

	/**
	 * Something happened to a person that the stage model may react to, outside the event
	 * API (a deal opened, won or lost): the first transition from the person's stage
	 * whose event trigger names {@code type} moves the person, with the reason given.
	 * @param person the person
	 * @param type the event type, for example {@code deal_opened}
	 * @param reason why, may be null
	 * @param actor who
	 * @param at when
	 * @return the move, or empty when the model has no such transition from the person's
	 * stage (a customer's new deal leaves the customer where it is)
	 */
	public java.util.Optional<Move> happened(Person person, String type, String reason, String actor, Instant at) {
		StageModels.Versioned model = this.models.current();
		return model.definition()
			.transitions()
			.stream()
			.filter((t) -> "event".equals(t.trigger().kind()) && t.trigger().types().contains(type)
					&& t.from().contains(person.stage()))
			.findFirst()
			.map((transition) -> {
				Move move = new Move(person, person.stage(), transition.to(), "event:" + type, actor, reason);
				person.enter(transition.to(), at);
				record(List.of(move), model.version(), at);
				return move;
			});
	}

	/**
	 * The facts without an expansion payment unless the person was a customer (in a
	 * post-sale stage) before it: a first payment, or a churned customer's return, makes
	 * a customer, not an expansion, even when its source calls it one.
	 */
	private static Facts onlyCustomersExpand(StageModelDefinition model, Facts fact) {
		if (!fact.events().containsKey(StageModelDefinition.EXPANSION_PAYMENT)) {
			return fact;
		}
		String stage = fact.person().stage();
		boolean customer = model.stages()
			.stream()
			.anyMatch((s) -> s.name().equals(stage) && "post-sale".equals(s.group()));
		if (customer) {
			return fact;
		}
		Map<String, Instant> events = new HashMap<>(fact.events());
		events.remove(StageModelDefinition.EXPANSION_PAYMENT);
		return new Facts(fact.person(), events);
	}

	/**
	 * Whether an activity of this type just happened to the person, recently enough to
	 * fire the transition (an old demo request imported with history does not
	 * fast-track).
	 */
	private static boolean recent(StageModelDefinition model, StageModelDefinition.Transition transition, Facts fact,
			String type, Instant at) {
		Instant occurred = fact.events().get(type);
		if (occurred == null) {
			return false;
		}
		java.time.Duration maxAge = model.maxAge(transition);
		return maxAge == null || !occurred.isBefore(at.minus(maxAge));
	}

	private static StageModelDefinition.Transition automatic(StageModelDefinition model, Facts fact,
			Thresholds thresholds, Instant at) {
		Person person = fact.person();
		for (StageModelDefinition.Transition transition : model.transitions()) {
			if (!transition.from().contains(person.stage())) {
				continue;
			}
			StageModelDefinition.Trigger trigger = transition.trigger();
			boolean fires = switch (trigger.kind()) {
				case "identified" -> person.email() != null;
				case "event" -> trigger.types().stream().anyMatch((type) -> recent(model, transition, fact, type, at));
				case "score" -> (trigger.fit() != null || trigger.behaviour() != null)
						&& (trigger.fit() == null || person.fitScore() >= fitThreshold(trigger.fit(), thresholds))
						&& (trigger.behaviour() == null
								|| person.behaviourScore() >= behaviourThreshold(trigger.behaviour(), thresholds));
				default -> false;
			};
			if (fires) {
				return transition;
			}
		}
		return null;
	}

	private static int fitThreshold(String name, Thresholds thresholds) {
		return switch (name) {
			case "target" -> thresholds.target();
			case "mql" -> thresholds.mqlFit();
			default -> Integer.MAX_VALUE;
		};
	}

	private static int behaviourThreshold(String name, Thresholds thresholds) {
		return switch (name) {
			case "engaged" -> thresholds.engaged();
			case "mql" -> thresholds.mqlBehaviour();
			default -> Integer.MAX_VALUE;
		};
	}

	private void record(List<Move> moves, int modelVersion, Instant at) {
		if (moves.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		Timestamp when = Timestamp.from(at);
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into stage_history (tenant_id, id, "
					+ "person_id, from_stage, to_stage, at, cause, actor, reason, stage_model_version) "
					+ "select ?, gen_random_uuid(), p, f, t, ?, c, a, r, ? from unnest(?, ?, ?, ?, ?, ?) "
					+ "with ordinality as m(p, f, t, c, a, r, n) order by n");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, when);
			statement.setInt(3, modelVersion);
			PgArrays.bind(connection, statement, 4, moves, new PgArrays.Column<Move>("uuid", (m) -> m.person().id()),
					new PgArrays.Column<Move>("text", Move::from), new PgArrays.Column<Move>("text", Move::to),
					new PgArrays.Column<Move>("text", Move::cause), new PgArrays.Column<Move>("text", Move::actor),
					new PgArrays.Column<Move>("text", Move::reason));
			return statement;
		});
		this.events.publishEvent(new StageMoves(tenant,
				moves.stream()
					.map((m) -> new StageMoves.Moved(m.person().id(), m.person().ownerId(), m.from(), m.to(), at,
							m.cause(), m.actor(), m.reason()))
					.toList()));
		List<TimelineEntry> entries = new ArrayList<>();
		for (Move move : moves) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("from", move.from());
			data.put("to", move.to());
			data.put("cause", move.cause());
			data.put("actor", move.actor());
			if (move.reason() != null) {
				data.put("reason", move.reason());
			}
			entries.add(new TimelineEntry(move.person().id(), move.person().accountId(), at, "stage", "stage_changed",
					move.from() + " → " + move.to() + " (" + move.cause()
							+ ((move.reason() != null) ? ": " + move.reason() : "") + ")",
					data));
			this.events.publishEvent(new StageExited(tenant, move.person().id(), move.from(), move.to(), at,
					move.cause(), move.actor()));
			this.events.publishEvent(new StageEntered(tenant, move.person().id(), move.to(), move.from(), at,
					move.cause(), move.actor(), true));
		}
		this.timeline.append(entries);
	}

}
