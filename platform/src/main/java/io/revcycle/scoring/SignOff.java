package io.revcycle.scoring;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.tenancy.Roles;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The definition both teams sign: drafts of a scoring model, and the approvals that make
 * a proposed version active once one marketing and one sales approver signed (two
 * different people), the previous active version retired and kept.
 */
@Component
class SignOff {

	private final ScoringModels models;

	private final Approvals approvals;

	private final Scoring scoring;

	private final JsonMapper json;

	private final Clock clock;

	SignOff(ScoringModels models, Approvals approvals, Scoring scoring, JsonMapper json, Clock clock) {
		this.models = models;
		this.approvals = approvals;
		this.scoring = scoring;
		this.json = json;
		this.clock = clock;
	}

	/** A draft, from a definition or (when null) a copy of the active model's. */
	ScoringModel draft(String name, ScoringDefinition definition, String createdBy) {
		ScoringDefinition content = (definition != null) ? definition : this.scoring.active().definition();
		content.validate();
		this.scoring.active();
		int version = this.models.maxVersion() + 1;
		return this.models.save(new ScoringModel(UUID.randomUUID(), version,
				(name != null && !name.isBlank()) ? name.trim() : "Version " + version,
				this.json.writeValueAsString(content), createdBy, this.clock.instant()));
	}

	/**
	 * Records an approval; activates the model when both sides approved.
	 * @param side {@code marketing} or {@code sales}; may be null when the user's roles
	 * tell
	 * @return whether the model became active
	 */
	boolean approve(ScoringModel model, String userId, Set<String> roles, String side) {
		String chosen = side(roles, side);
		Map<String, String> approvals = this.approvals.of(model.id());
		boolean complete = model.approvedWith(chosen, userId, approvals);
		Instant now = this.clock.instant();
		this.approvals.record(model.id(), userId, chosen, now);
		if (!complete) {
			return false;
		}
		this.models.findActive().ifPresent((active) -> {
			active.retire(now);
			this.models.saveAndFlush(active);
		});
		model.activate(now);
		this.models.saveAndFlush(model);
		this.scoring.forgetActive();
		return true;
	}

	private static String side(Set<String> roles, String requested) {
		boolean marketing = roles.contains(Roles.MARKETING);
		boolean sales = roles.contains(Roles.SDR) || roles.contains(Roles.AE);
		if (requested != null) {
			if ((ScoringModel.MARKETING.equals(requested) && marketing)
					|| (ScoringModel.SALES.equals(requested) && sales)) {
				return requested;
			}
			throw new SecurityException("You cannot approve for the " + requested + " side with the roles " + roles
					+ ": marketing approves with the marketing role, sales with sdr or ae.");
		}
		if (marketing && sales) {
			throw InvalidInput.of("side",
					"you hold marketing and sales roles; say which side you approve for ('marketing' or 'sales')");
		}
		if (marketing) {
			return ScoringModel.MARKETING;
		}
		if (sales) {
			return ScoringModel.SALES;
		}
		throw new SecurityException("Approvals come from marketing (role marketing) and sales (role sdr or ae); your "
				+ "roles are " + roles + ".");
	}

}
