package io.revcycle.sla;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What satisfies and restarts an SLA timer, and whose activity counts. */
class SlaPolicyTests {

	private static final List<SlaPolicy.Step> LADDER = List.of(new SlaPolicy.Step(0, SlaPolicy.NOTIFY_OWNER));

	@Test
	void onlyTheOwnersActivityCountsForASalByDefault() {
		assertThat(new SlaPolicy("SAL", 60, false, LADDER, null, null, null).ownerOnly()).isTrue();
		assertThat(new SlaPolicy("MQL", 60, false, LADDER, null, null, null).ownerOnly()).isFalse();
		assertThat(new SlaPolicy("MQL", 60, false, LADDER, null, null, true).ownerOnly()).isTrue();
		assertThat(new SlaPolicy("SAL", 60, false, LADDER, null, null, false).ownerOnly()).isFalse();
	}

	@Test
	void namedActivitiesSatisfyAndAnyRestarts() {
		SlaPolicy sal = new SlaPolicy("SAL", 60, false, LADDER, List.of("call_outbound"), null, null);
		assertThat(sal.satisfiedBy("call_outbound")).isTrue();
		assertThat(sal.satisfiedBy("page_view")).isFalse();
		assertThat(sal.restartsOn("call_outbound")).isFalse();
		SlaPolicy opportunity = new SlaPolicy("Opportunity", 60, false, LADDER, null, List.of(SlaPolicy.ANY), null);
		assertThat(opportunity.restartsOn("note")).isTrue();
		assertThat(opportunity.satisfiedBy("note")).isFalse();
	}

	@Test
	void theDefaultsAreValidTerms() {
		new SlaTerms(SlaPolicy.defaults(), BusinessCalendar.defaults())
			.validate(List.of("MQL", "SAL", "Recycled", "Opportunity"));
		assertThat(SlaPolicy.defaults()).extracting(SlaPolicy::stage)
			.containsExactly("MQL", "SAL", "Recycled", "Opportunity");
	}

}
