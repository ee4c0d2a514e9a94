package io.revcycle.routing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.revcycle.http.Problems;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/routing}: territory rules, the default team, and each rep's
 * weight, capacity and away flag.
 */
@RestController
class RoutingController {

	private final Routing routing;

	private final Members members;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	RoutingController(Routing routing, Members members, JdbcTemplate jdbc, JsonMapper json) {
		this.routing = routing;
		this.members = members;
		this.jdbc = jdbc;
		this.json = json;
	}

	@GetMapping("/api/v1/routing")
	@Transactional(readOnly = true)
	RoutingSettings get() {
		return this.routing.settings();
	}

	@PutMapping("/api/v1/routing")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	RoutingSettings put(@RequestBody RoutingSettings settings) {
		List<RoutingSettings.Rule> rules = (settings.rules() != null) ? settings.rules() : List.of();
		List<RoutingSettings.Rep> reps = (settings.reps() != null) ? settings.reps() : List.of();
		for (int i = 0; i < rules.size(); i++) {
			if (rules.get(i).team() == null || rules.get(i).team().isBlank()) {
				throw Problems.badRequest("rules[" + i + "].team: is required.");
			}
		}
		Set<Object> seen = new HashSet<>();
		for (int i = 0; i < reps.size(); i++) {
			RoutingSettings.Rep rep = reps.get(i);
			if (rep.userId() == null || !this.members.exists(rep.userId())) {
				throw Problems.badRequest("reps[" + i + "].userId: not a user of this tenant.");
			}
			if (!seen.add(rep.userId())) {
				throw Problems.badRequest("reps[" + i + "].userId: listed twice.");
			}
			if (rep.weight() < 1) {
				throw Problems.badRequest("reps[" + i + "].weight: must be 1 or more.");
			}
			if (rep.capacity() != null && rep.capacity() < 0) {
				throw Problems.badRequest("reps[" + i + "].capacity: must be zero or more.");
			}
		}
		this.jdbc.update(
				"insert into routing_settings (tenant_id, rules, default_team, updated_at) values "
						+ "(?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set rules = excluded.rules, "
						+ "default_team = excluded.default_team, updated_at = excluded.updated_at",
				TenantContext.require(), this.json.writeValueAsString(rules), settings.defaultTeam(),
				Timestamp.from(Instant.now()));
		this.jdbc.update("delete from routing_reps");
		for (RoutingSettings.Rep rep : reps) {
			this.jdbc.update(
					"insert into routing_reps (tenant_id, user_id, weight, capacity, away) values (?, ?, ?, ?, ?)",
					TenantContext.require(), rep.userId(), rep.weight(), rep.capacity(), rep.away());
		}
		return this.routing.settings();
	}

}
