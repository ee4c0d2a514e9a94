package io.revcycle.analytics;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.revenue.TouchesRecorded;
import io.revcycle.tenancy.TenantContext;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The campaigns that had touched each person when the person first entered MQL and first
 * became a customer: kept for the people whose touches or stays change, in the
 * transaction that changes them, and summed per day by the database as they change. The
 * campaign report reads those sums.
 */
@Component
class CampaignConversions {

	/** The rows a person should have, from their first entries and first touches. */
	private static final String WANTED = "select f.person_id, c.campaign_id, f.stage, f.at from (select person_id, "
			+ "stage, min(entered_at) as at from stage_stays where person_id = any(?::uuid[]) and stage = any(?::text[]) "
			+ "group by 1, 2) f join campaign_people_log c on c.person_id = f.person_id and c.first_at <= f.at";

	private final JdbcTemplate jdbc;

	private final Funnel funnel;

	CampaignConversions(JdbcTemplate jdbc, Funnel funnel) {
		this.jdbc = jdbc;
		this.funnel = funnel;
	}

	/** The stages whose first entry counts: MQL, and the first post-sale stage. */
	List<String> stages() {
		List<String> postSale = this.funnel.stagesOf("post-sale");
		return List.of(StageModelDefinition.MQL, postSale.isEmpty() ? "Customer" : postSale.get(0));
	}

	@EventListener
	void on(TouchesRecorded recorded) {
		update(recorded.personIds());
	}

	/**
	 * Brings these people's rows in line with their stays and first touches: removes the
	 * rows that no longer hold and adds the missing ones (a row that holds is left alone,
	 * so a batch that changes nothing writes nothing).
	 */
	void update(Collection<UUID> personIds) {
		if (personIds.isEmpty()) {
			return;
		}
		UUID[] people = personIds.stream().sorted().toArray(UUID[]::new);
		String[] stages = stages().toArray(String[]::new);
		this.jdbc.update("delete from campaign_conversions where person_id = any(?::uuid[]) and (person_id, "
				+ "campaign_id, stage, at) not in (" + WANTED + ")", people, people, stages);
		this.jdbc.update(
				"insert into campaign_conversions (tenant_id, person_id, campaign_id, stage, at) "
						+ "select ?, w.* from (" + WANTED + ") w order by 1, 2, 3 on conflict do nothing",
				TenantContext.require(), people, stages);
	}

}
