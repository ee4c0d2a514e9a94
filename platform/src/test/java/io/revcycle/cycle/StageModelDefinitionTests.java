package io.revcycle.cycle;

import java.time.Duration;
import java.util.List;

import io.revcycle.kernel.InvalidInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The stage model checks itself whole, and says how old a fast-track event may be. */
class StageModelDefinitionTests {

	@Test
	void theDefaultModelIsValid() {
		StageModelDefinition.defaults().validate();
		assertThat(StageModelDefinition.defaults().stageNames()).startsWith("Anonymous", "Known").contains("MQL");
	}

	@Test
	void everyProblemIsNamedByItsPath() {
		StageModelDefinition broken = new StageModelDefinition(
				List.of(new StageModelDefinition.Stage("Known", "nowhere"),
						new StageModelDefinition.Stage("Known", null)),
				List.of(new StageModelDefinition.Transition(List.of("Known"), "Nowhere",
						new StageModelDefinition.Trigger("event", null, null, List.of(), null, null, null, null))),
				-1);
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(broken::validate)
			.satisfies((ex) -> assertThat(ex.violations()).extracting(InvalidInput.Violation::field)
				.contains("stages[0].group", "stages[1].name", "stages", "fastTrackWindowDays", "transitions[0].to",
						"transitions[0].trigger.types"));
	}

	@Test
	void aFastTrackIntoMqlHasTheModelsWindowAndATransitionMayHaveItsOwn() {
		StageModelDefinition model = StageModelDefinition.defaults();
		StageModelDefinition.Transition fastTrack = model.transitions()
			.stream()
			.filter((t) -> t.to().equals("MQL") && t.trigger().kind().equals("event"))
			.findFirst()
			.orElseThrow();
		assertThat(model.maxAge(fastTrack)).isEqualTo(Duration.ofDays(7));
		StageModelDefinition.Transition customer = model.transitions()
			.stream()
			.filter((t) -> t.to().equals("Customer"))
			.findFirst()
			.orElseThrow();
		assertThat(model.maxAge(customer)).as("a payment is never too old").isNull();
		StageModelDefinition.Transition own = new StageModelDefinition.Transition(List.of("Known"), "MQL",
				new StageModelDefinition.Trigger("event", null, null, List.of("webinar_attended"), null, null, null,
						2));
		assertThat(model.maxAge(own)).isEqualTo(Duration.ofDays(2));
	}

}
