package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

	/** Checks a definition; the message names the field to fix. */
	static void validate(ScoringDefinition definition) {
		if (definition.fitRules() == null || definition.behaviourRules() == null) {
			throw new IllegalArgumentException("definition: fitRules and behaviourRules are required (may be empty).");
		}
		if (!(definition.halfLifeDays() > 0)) {
			throw new IllegalArgumentException("definition.halfLifeDays: must be more than 0.");
		}
		for (int i = 0; i < definition.fitRules().size(); i++) {
			ScoringDefinition.FitRule rule = definition.fitRules().get(i);
			String at = "definition.fitRules[" + i + "]";
			if (rule.id() == null || rule.id().isBlank()) {
				throw new IllegalArgumentException(at + ".id: is required.");
			}
			if (!OPERATORS.contains(rule.operator())) {
				throw new IllegalArgumentException(at + ".operator: must be one of " + OPERATORS + ".");
			}
			if (!"personal".equals(rule.operator()) && !FIT_ATTRIBUTES.contains(rule.attribute())) {
				throw new IllegalArgumentException(at + ".attribute: must be one of " + FIT_ATTRIBUTES + ".");
			}
			if ("in".equals(rule.operator()) && (rule.values() == null || rule.values().isEmpty())) {
				throw new IllegalArgumentException(at + ".values: 'in' needs at least one value.");
			}
			if ("between".equals(rule.operator()) && rule.min() == null && rule.max() == null) {
				throw new IllegalArgumentException(at + ": 'between' needs min and/or max.");
			}
			if ("matches".equals(rule.operator())) {
				try {
					Pattern.compile(rule.pattern());
				}
				catch (PatternSyntaxException | NullPointerException ex) {
					throw new IllegalArgumentException(at + ".pattern: must be a regular expression.");
				}
			}
		}
		for (int i = 0; i < definition.behaviourRules().size(); i++) {
			ScoringDefinition.BehaviourRule rule = definition.behaviourRules().get(i);
			String at = "definition.behaviourRules[" + i + "]";
			if (rule.id() == null || rule.id().isBlank()) {
				throw new IllegalArgumentException(at + ".id: is required.");
			}
			if (rule.type() == null || rule.type().isBlank()) {
				throw new IllegalArgumentException(at + ".type: is required (an activity type).");
			}
			if (rule.cap() != null && rule.cap() < 0) {
				throw new IllegalArgumentException(at + ".cap: must be zero or more.");
			}
			if (rule.capPeriodDays() != null && rule.capPeriodDays() < 1) {
				throw new IllegalArgumentException(at + ".capPeriodDays: must be 1 or more.");
			}
		}
	}

}
