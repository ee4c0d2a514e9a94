package io.revcycle.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.people.UnassignedMqls;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/routing/unassigned}: the MQLs nobody owns that routing would send to
 * the caller's team (by the same territory rules and default team it routes with; an MQL
 * of no team goes to every rep), longest waiting first. A tenant admin sees every team's,
 * or one team's with {@code ?team=}.
 */
@RestController
class UnassignedController {

	/** How many unowned MQLs one page reads at most while looking for the team's. */
	static final int SCAN = 2000;

	private final UnassignedMqls unassigned;

	private final Routing routing;

	private final Members members;

	UnassignedController(UnassignedMqls unassigned, Routing routing, Members members) {
		this.unassigned = unassigned;
		this.routing = routing;
		this.members = members;
	}

	/**
	 * An unowned MQL as the queue shows it.
	 *
	 * @param team the team routing would send it to, or null for every rep
	 * @param waitingSince when it became an MQL
	 * @param slaDueAt when its open SLA timer is due, or null
	 */
	record Lead(UUID id, String email, String firstName, String lastName, String title, String stage,
			Instant waitingSince, int fitScore, int behaviourScore, UUID accountId, String team, Instant slaDueAt) {
	}

	@GetMapping("/api/v1/routing/unassigned")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional(readOnly = true)
	CursorPage<Lead> unassigned(@RequestParam(required = false) String team,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		TenantPrincipal caller = TenantContext.principal().orElseThrow();
		boolean admin = caller.hasRole(Roles.TENANT_ADMIN);
		boolean everyTeam;
		String wanted;
		if (team != null && !team.isBlank()) {
			String mine = callerTeam(caller);
			if (!admin && !team.trim().equalsIgnoreCase(mine)) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN,
						"Only a tenant-admin may list another team's "
								+ "unassigned MQLs: leave out team= to list your own team's"
								+ ((mine != null) ? " (" + mine + ")" : "") + ".");
			}
			everyTeam = false;
			wanted = team.trim();
		}
		else {
			everyTeam = admin;
			wanted = admin ? null : callerTeam(caller);
		}
		RoutingRules rules = this.routing.settings();
		List<Lead> found = new ArrayList<>();
		Instant afterAt = (after != null) ? after.at() : null;
		UUID afterId = (after != null) ? after.uuid() : null;
		int scanned = 0;
		boolean more = true;
		while (found.size() <= size && scanned < SCAN && more) {
			int batch = Math.min(Math.max(size + 1, 100), SCAN - scanned);
			List<UnassignedMqls.Lead> rows = this.unassigned.oldestFirst(afterAt, afterId, batch);
			more = rows.size() == batch;
			for (UnassignedMqls.Lead row : rows) {
				scanned++;
				afterAt = row.person().stageEnteredAt();
				afterId = row.person().id();
				String leadTeam = rules.team(row.country(), row.industry());
				if (everyTeam || RoutingRules.reaches(leadTeam, wanted)) {
					found.add(lead(row, leadTeam));
					if (found.size() > size) {
						break;
					}
				}
			}
		}
		if (found.size() > size) {
			Lead last = found.get(size - 1);
			return new CursorPage<>(List.copyOf(found.subList(0, size)),
					new CursorPage.Position(last.waitingSince(), last.id()).encode());
		}
		// the scan stopped before the end: the next page goes on from the last one read
		String next = (more && afterAt != null) ? new CursorPage.Position(afterAt, afterId).encode() : null;
		return new CursorPage<>(found, next);
	}

	private String callerTeam(TenantPrincipal caller) {
		try {
			return this.members.teamOf(UUID.fromString(caller.subject())).orElse(null);
		}
		catch (IllegalArgumentException ex) {
			throw Problems.badRequest("The unassigned queue is a signed-in user's: an API key has no team.");
		}
	}

	private static Lead lead(UnassignedMqls.Lead row, String team) {
		var p = row.person();
		return new Lead(p.id(), p.email(), p.firstName(), p.lastName(), p.title(), p.stage(), p.stageEnteredAt(),
				p.fitScore(), p.behaviourScore(), p.accountId(), team, p.slaDueAt());
	}

}
