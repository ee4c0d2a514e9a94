package io.revcycle.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.timeline.TimelineEntry;

/**
 * A timer whose next escalation step is due, as the SLA clock claims it.
 *
 * @param tenantId the tenant
 * @param id the timer
 * @param personId the person
 * @param stage the stage whose SLA it times
 * @param dueAt when it was due
 * @param ladder its escalation ladder, as stored (JSON)
 * @param step the step due, from 0
 * @param ownerId who had to act, or null
 */
record DueTimer(UUID tenantId, UUID id, UUID personId, String stage, Instant dueAt, String ladder, int step,
		UUID ownerId) {

	/** The columns {@link #of} reads, in order. */
	static final String COLUMNS = "tenant_id, id, person_id, stage, due_at, ladder::text, next_step, owner_id";

	static DueTimer of(ResultSet rs, int row) throws SQLException {
		return new DueTimer(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7),
				rs.getObject(8, UUID.class));
	}

	/** When step {@code next} of the ladder is due, or null after the last. */
	Instant nextAt(List<SlaPolicy.Step> ladder, int next) {
		return (next < ladder.size()) ? this.dueAt.plus(Duration.ofMinutes(ladder.get(next).afterMinutes())) : null;
	}

	/** The details of a breach step, for its notification, timeline entry and event. */
	Map<String, Object> data(UUID breach, String action) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("breachId", breach);
		data.put("personId", this.personId);
		data.put("stage", this.stage);
		data.put("step", this.step);
		data.put("action", action);
		data.put("dueAt", this.dueAt);
		return data;
	}

	String title(String suffix) {
		return "SLA breached: " + this.stage + " was due " + this.dueAt + suffix;
	}

	TimelineEntry entry(String action, Instant now, Map<String, Object> data) {
		return new TimelineEntry(this.personId, null, now, "sla", "sla_breached",
				"SLA of " + this.stage + " breached (" + action.replace('_', ' ') + ")", data);
	}

	SlaBreached breached(UUID breach, String action, Instant now) {
		return new SlaBreached(this.tenantId, breach, this.personId, this.stage, this.step, action, this.dueAt, now);
	}

}
