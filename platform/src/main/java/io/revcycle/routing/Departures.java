package io.revcycle.routing;

import java.util.List;
import java.util.Map;

import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.tenancy.MemberAwayChanged;
import io.revcycle.tenancy.MemberDeactivated;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Routing's part when a user leaves or goes away, in the transaction of that change: a
 * deactivated user is taken out of routing and its open MQLs go to someone else by the
 * tenant's rules (or, when nobody is eligible, back to the unowned queue); an away user
 * is skipped until back.
 */
@Component
class Departures {

	/** The stage whose people are handed over when their owner leaves. */
	static final String MQL = "MQL";

	private final JdbcTemplate jdbc;

	private final People people;

	private final Routing routing;

	private final Timeline timeline;

	Departures(JdbcTemplate jdbc, People people, Routing routing, Timeline timeline) {
		this.jdbc = jdbc;
		this.people = people;
		this.routing = routing;
		this.timeline = timeline;
	}

	@EventListener
	void on(MemberDeactivated event) {
		// out of routing first, so that no reassignment below can choose the user
		this.jdbc.update("delete from routing_reps where user_id = ?", event.userId());
		this.routing.forgetSettings();
		List<Person> open = this.people.findByOwnerInStage(event.userId(), MQL);
		for (Person person : open) {
			if (this.routing.reassign(person, "owner deactivated", event.at()).isEmpty()) {
				// through the aggregate: the people feature owns the table
				person.assignOwner(null);
				this.timeline.append(List.of(new TimelineEntry(person.id(), person.accountId(), event.at(), "note",
						"owner_unassigned", "Owner deactivated; nobody eligible to take over",
						Map.of("previousOwnerId", event.userId(), "reason", "owner deactivated"))));
			}
		}
	}

	@EventListener
	void on(MemberAwayChanged event) {
		// a user who is no rep is not routed to anyway; one who is keeps its weight and
		// capacity for when it is back
		this.jdbc.update("update routing_reps set away = ? where user_id = ?", event.away(), event.userId());
		this.routing.forgetSettings();
	}

}
