package io.revcycle.people;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.kernel.Audited;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rights of a person over their data: everything held about them (an access request),
 * and erasure. Erasing keeps the person's id, stage and scores so that anonymous
 * aggregates (funnel, stage history, revenue) stay true, and removes their identity:
 * email, names, title, phone, the identities that resolution matches, what their timeline
 * says, and, through {@link PersonErased}, their activities' properties, notifications
 * and outbox payloads.
 */
@Component
class Erasure {

	private final People people;

	private final Accounts accounts;

	private final Timeline timeline;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Erasure(People people, Accounts accounts, Timeline timeline, JdbcTemplate jdbc, ApplicationEventPublisher events,
			Clock clock) {
		this.people = people;
		this.accounts = accounts;
		this.timeline = timeline;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * An identity resolution matches.
	 *
	 * @param kind {@code email} or {@code anonymous}
	 * @param value the value
	 */
	record Identity(String kind, String value, Instant createdAt) {
	}

	/**
	 * Erases a person of the current tenant. Erasing an erased person again changes
	 * nothing and answers the same.
	 * @throws org.springframework.web.server.ResponseStatusException 404 when the tenant
	 * has no such person
	 */
	void erase(UUID id) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		Instant now = this.clock.instant();
		List<String> identifiers = new ArrayList<>();
		identities(id).forEach((identity) -> identifiers.add(identity.value()));
		if (person.email() != null) {
			identifiers.add(person.email());
		}
		if (person.phone() != null) {
			identifiers.add(person.phone());
		}
		boolean first = person.erasedAt() == null;
		this.jdbc.update("delete from person_identities where person_id = ?", id);
		person.erase(first ? now : person.erasedAt());
		this.people.save(person);
		PersonErased erased = new PersonErased(TenantContext.require(), id, now, List.copyOf(identifiers));
		this.timeline.erase(id, erased.pattern(), PersonErased.REPLACEMENT);
		this.events.publishEvent(erased);
		if (first) {
			this.events.publishEvent(Audited.of("person.erased", "person:" + id));
		}
	}

	/**
	 * Everything held about a person of the current tenant: the person, the identities
	 * resolution matches, the account, and the whole timeline (activities with their
	 * properties, stage changes, scores, SLA steps, notes).
	 */
	Map<String, Object> export(UUID id) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("person", PersonView.of(person));
		all.put("erasedAt", person.erasedAt());
		all.put("identities", identities(id));
		all.put("account", (person.accountId() != null)
				? this.accounts.findById(person.accountId()).map(AccountView::of).orElse(null) : null);
		List<Timeline.Entry> entries = new ArrayList<>();
		io.revcycle.http.CursorPage.Position after = null;
		while (true) {
			List<Timeline.Entry> page = this.timeline.ofPerson(id, after, 500);
			entries.addAll(page);
			if (page.size() < 500) {
				break;
			}
			Timeline.Entry last = page.get(page.size() - 1);
			after = new io.revcycle.http.CursorPage.Position(last.at(), last.id());
		}
		all.put("timeline", entries);
		return all;
	}

	private List<Identity> identities(UUID id) {
		return this.jdbc.query(
				"select kind, value, created_at from person_identities where person_id = ? order by created_at",
				(rs, row) -> new Identity(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), id);
	}

}
