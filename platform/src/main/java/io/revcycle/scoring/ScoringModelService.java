package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.revcycle.http.InvalidInput;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The lifecycle of scoring models: draft, proposed, active once one marketing and one
 * sales approver signed (two different people), the previous active version retired and
 * kept.
 */
@Component
class ScoringModelService {

	static final String MARKETING = "marketing";

	static final String SALES = "sales";

	private static final Set<String> FIT_ATTRIBUTES = Set.of("person.title", "person.emailDomain", "account.industry",
			"account.employees", "account.annualRevenue", "account.country", "account.domain");

	private static final Set<String> OPERATORS = Set.of("in", "between", "matches", "personal");

	/** The longest regular expression a fit rule may hold. */
	static final int MAX_PATTERN = 500;

	private final ScoringModels models;

	private final Scoring scoring;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	ScoringModelService(ScoringModels models, Scoring scoring, JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.models = models;
		this.scoring = scoring;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** Raised when the lifecycle does not allow a step. */
	static final class Conflict extends io.revcycle.http.Conflict {

		Conflict(String message) {
			super(message);
		}

	}

	/** A draft, from a definition or (when null) a copy of the active model's. */
	ScoringModel create(String name, ScoringDefinition definition, String createdBy) {
		ScoringDefinition content = (definition != null) ? definition : this.scoring.active().definition();
		validate(content);
		this.scoring.active();
		int version = this.models.maxVersion() + 1;
		return this.models.save(new ScoringModel(UUID.randomUUID(), version,
				(name != null && !name.isBlank()) ? name.trim() : "Version " + version,
				this.json.writeValueAsString(content), createdBy, this.clock.instant()));
	}

	ScoringModel propose(ScoringModel model) {
		if (model.status() != ScoringModel.Status.DRAFT) {
			throw new Conflict(
					"Only a draft can be proposed; version " + model.version() + " is " + model.status() + ".");
		}
		model.propose(this.clock.instant());
		return model;
	}

	/**
	 * Records an approval; activates the model when both sides approved.
	 * @param side {@code marketing} or {@code sales}; may be null when the user's roles
	 * tell
	 * @return whether the model became active
	 */
	boolean approve(ScoringModel model, String userId, Set<String> roles, String side) {
		if (model.status() != ScoringModel.Status.PROPOSED) {
			throw new Conflict("Only a proposed model can be approved; version " + model.version() + " is "
					+ model.status() + ".");
		}
		String chosen = side(roles, side);
		Map<String, String> approvals = approvals(model.id());
		if (approvals.containsKey(chosen)) {
			throw new Conflict("The " + chosen + " side has approved version " + model.version() + " already.");
		}
		if (approvals.containsValue(userId)) {
			throw new Conflict("You approved this version for the other side already: marketing and sales must be "
					+ "two different people.");
		}
		Instant now = this.clock.instant();
		this.jdbc.update(
				"insert into scoring_model_approvals (tenant_id, model_id, user_id, side, approved_at) values (?, ?, ?, ?, ?)",
				TenantContext.require(), model.id(), userId, chosen, Timestamp.from(now));
		approvals.put(chosen, userId);
		if (!approvals.keySet().containsAll(List.of(MARKETING, SALES))) {
			return false;
		}
		this.models.findActive().ifPresent((active) -> {
			active.retire(now);
			this.models.saveAndFlush(active);
		});
		model.activate(now);
		this.models.saveAndFlush(model);
		return true;
	}

	private static String side(Set<String> roles, String requested) {
		boolean marketing = roles.contains(Roles.MARKETING);
		boolean sales = roles.contains(Roles.SDR) || roles.contains(Roles.AE);
		if (requested != null) {
			if ((MARKETING.equals(requested) && marketing) || (SALES.equals(requested) && sales)) {
				return requested;
			}
			throw new SecurityException("You cannot approve for the " + requested + " side with the roles " + roles
					+ ": marketing approves with the marketing role, sales with sdr or ae.");
		}
		if (marketing && sales) {
			throw new IllegalArgumentException("side: you hold marketing and sales roles; say which side you approve "
					+ "for ('marketing' or 'sales').");
		}
		if (marketing) {
			return MARKETING;
		}
		if (sales) {
			return SALES;
		}
		throw new SecurityException("Approvals come from marketing (role marketing) and sales (role sdr or ae); your "
				+ "roles are " + roles + ".");
	}

	/** The approvals of a model: side to user. */
	Map<String, String> approvals(UUID modelId) {
		Map<String, String> approvals = new LinkedHashMap<>();
		this.jdbc.query("select side, user_id from scoring_model_approvals where model_id = ? order by approved_at",
				(rs) -> {
					approvals.put(rs.getString(1), rs.getString(2));
				}, modelId);
		return approvals;
	}

	List<Map<String, Object>> approvalViews(UUID modelId) {
		List<Map<String, Object>> views = new ArrayList<>();
		this.jdbc.query(
				"select side, user_id, approved_at from scoring_model_approvals where model_id = ? order by approved_at",
				(rs) -> {
					Map<String, Object> view = new LinkedHashMap<>();
					view.put("side", rs.getString(1));
					view.put("userId", rs.getString(2));
					view.put("approvedAt", rs.getTimestamp(3).toInstant());
					views.add(view);
				}, modelId);
		return views;
	}

	/** Checks a whole definition; every problem is named by its path. */
	static void validate(ScoringDefinition definition) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(definition.fitRules() == null, "definition.fitRules", "is required (may be empty)");
		problems.check(definition.behaviourRules() == null, "definition.behaviourRules", "is required (may be empty)");
		problems.check(!(definition.halfLifeDays() > 0 && definition.halfLifeDays() <= 3650), "definition.halfLifeDays",
				"must be more than 0 and at most 3650 days");
		for (String threshold : List.of("engagedThreshold", "targetThreshold", "mqlFit", "mqlBehaviour")) {
			int value = switch (threshold) {
				case "engagedThreshold" -> definition.engagedThreshold();
				case "targetThreshold" -> definition.targetThreshold();
				case "mqlFit" -> definition.mqlFit();
				default -> definition.mqlBehaviour();
			};
			problems.check(value < -100_000 || value > 100_000, "definition." + threshold,
					"must be between -100000 and 100000");
		}
		Set<String> ids = new HashSet<>();
		for (int i = 0; definition.fitRules() != null && i < definition.fitRules().size(); i++) {
			ScoringDefinition.FitRule rule = definition.fitRules().get(i);
			String at = "definition.fitRules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			checkId(rule.id(), at, ids, problems);
			problems.check(rule.points() < -1000 || rule.points() > 1000, at + ".points", "must be -1000 to 1000");
			if (problems.check(rule.operator() == null || !OPERATORS.contains(rule.operator()), at + ".operator",
					"must be one of " + new TreeSet<>(OPERATORS))) {
				continue;
			}
			problems.check(
					!"personal".equals(rule.operator())
							&& (rule.attribute() == null || !FIT_ATTRIBUTES.contains(rule.attribute())),
					at + ".attribute", "must be one of " + new TreeSet<>(FIT_ATTRIBUTES));
			problems.check(
					"in".equals(rule.operator()) && (rule.values() == null || rule.values().isEmpty()
							|| rule.values().stream().anyMatch((v) -> v == null || v.length() > 200)),
					at + ".values", "'in' needs at least one value, each at most 200 characters");
			problems.check("between".equals(rule.operator()) && rule.min() == null && rule.max() == null, at,
					"'between' needs min and/or max");
			if ("matches".equals(rule.operator())) {
				boolean valid = rule.pattern() != null && !rule.pattern().isEmpty()
						&& rule.pattern().length() <= MAX_PATTERN;
				if (valid) {
					try {
						Pattern.compile(rule.pattern());
					}
					catch (PatternSyntaxException ex) {
						valid = false;
					}
				}
				problems.check(!valid, at + ".pattern",
						"must be a regular expression of at most " + MAX_PATTERN + " characters");
			}
		}
		for (int i = 0; definition.behaviourRules() != null && i < definition.behaviourRules().size(); i++) {
			ScoringDefinition.BehaviourRule rule = definition.behaviourRules().get(i);
			String at = "definition.behaviourRules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			checkId(rule.id(), at, ids, problems);
			problems.check(rule.type() == null || !rule.type().matches("[a-z][a-z0-9_]{1,63}"), at + ".type",
					"is required: a lowercase activity type such as page_view");
			problems.check(rule.points() < -1000 || rule.points() > 1000, at + ".points", "must be -1000 to 1000");
			problems.check(rule.property() != null && (rule.property().isBlank() || rule.property().length() > 100),
					at + ".property", "must be a property name of at most 100 characters");
			problems.check(rule.contains() != null && rule.contains().length() > 200, at + ".contains",
					"must be at most 200 characters");
			problems.check(rule.cap() != null && (rule.cap() < 0 || rule.cap() > 100_000), at + ".cap",
					"must be 0 to 100000");
			problems.check(rule.capPeriodDays() != null && (rule.capPeriodDays() < 1 || rule.capPeriodDays() > 3650),
					at + ".capPeriodDays", "must be 1 to 3650");
		}
		problems.throwIfAny();
	}

	private static void checkId(String id, String at, Set<String> ids, InvalidInput.Collector problems) {
		if (!problems.check(id == null || id.isBlank() || id.length() > 100, at + ".id",
				"is required (a name of at most 100 characters)")) {
			problems.check(!ids.add(id), at + ".id", "'" + id + "' names two rules");
		}
	}

}
