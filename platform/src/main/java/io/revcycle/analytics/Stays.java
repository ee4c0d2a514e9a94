package io.revcycle.analytics;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.cycle.StageMoves;
import io.revcycle.kernel.PgArrays;
import io.revcycle.routing.OwnerAssigned;
import io.revcycle.tenancy.TenantContext;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The funnel's read model: one row per stay of a person in a stage, opened when the
 * person enters the stage and closed, with where it went and why, when it leaves; each
 * batch of moves in two statements, inside the transaction that moved the people.
 */
@Component
class Stays {

	private final JdbcTemplate jdbc;

	private final CampaignConversions conversions;

	Stays(JdbcTemplate jdbc, CampaignConversions conversions) {
		this.jdbc = jdbc;
		this.conversions = conversions;
	}

	/** A stay to write. */
	private record Stay(UUID personId, String stage, Timestamp enteredAt, Timestamp leftAt, String nextStage,
			String reason, UUID ownerId) {
	}

	@EventListener
	void on(StageMoves moves) {
		Map<UUID, List<StageMoves.Moved>> byPerson = new LinkedHashMap<>();
		moves.moves().forEach((m) -> byPerson.computeIfAbsent(m.personId(), (k) -> new ArrayList<>()).add(m));
		List<StageMoves.Moved> leaving = new ArrayList<>();
		List<Stay> entering = new ArrayList<>();
		byPerson.forEach((person, path) -> {
			leaving.add(path.get(0));
			for (int i = 0; i < path.size(); i++) {
				StageMoves.Moved move = path.get(i);
				StageMoves.Moved next = (i + 1 < path.size()) ? path.get(i + 1) : null;
				entering.add(new Stay(person, move.to(), Timestamp.from(move.at()),
						(next != null) ? Timestamp.from(next.at()) : null, (next != null) ? next.to() : null,
						(next != null) ? next.reason() : null, move.ownerId()));
			}
		});
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("update stage_stays s set left_at = u.t, "
					+ "next_stage = u.n, reason = u.r, owner_id = coalesce(s.owner_id, u.o) "
					+ "from unnest(?, ?, ?, ?, ?) as u(p, t, n, r, o) where s.person_id = u.p and s.left_at is null");
			PgArrays.bind(connection, statement, 1, leaving,
					new PgArrays.Column<StageMoves.Moved>("uuid", StageMoves.Moved::personId),
					new PgArrays.Column<StageMoves.Moved>("timestamptz", (m) -> Timestamp.from(m.at())),
					new PgArrays.Column<StageMoves.Moved>("text", StageMoves.Moved::to),
					new PgArrays.Column<StageMoves.Moved>("text", StageMoves.Moved::reason),
					new PgArrays.Column<StageMoves.Moved>("uuid", StageMoves.Moved::ownerId));
			return statement;
		});
		UUID tenant = TenantContext.require();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into stage_stays (tenant_id, person_id, "
					+ "stage, entered_at, left_at, next_stage, reason, owner_id) select ?, p, s, e, l, n, r, o "
					+ "from unnest(?, ?, ?, ?, ?, ?, ?) with ordinality as u(p, s, e, l, n, r, o, i) order by i");
			statement.setObject(1, tenant);
			PgArrays.bind(connection, statement, 2, entering, new PgArrays.Column<Stay>("uuid", Stay::personId),
					new PgArrays.Column<Stay>("text", Stay::stage),
					new PgArrays.Column<Stay>("timestamptz", Stay::enteredAt),
					new PgArrays.Column<Stay>("timestamptz", Stay::leftAt),
					new PgArrays.Column<Stay>("text", Stay::nextStage), new PgArrays.Column<Stay>("text", Stay::reason),
					new PgArrays.Column<Stay>("uuid", Stay::ownerId));
			return statement;
		});
		List<String> counted = this.conversions.stages();
		this.conversions.update(entering.stream()
			.filter((stay) -> counted.contains(stay.stage()))
			.map(Stay::personId)
			.collect(java.util.stream.Collectors.toSet()));
	}

	/** The owner of a person's current stay is whoever owns the person now. */
	@EventListener
	void on(OwnerAssigned assigned) {
		this.jdbc.update("update stage_stays set owner_id = ? where person_id = ? and left_at is null",
				assigned.ownerId(), assigned.personId());
	}

}
