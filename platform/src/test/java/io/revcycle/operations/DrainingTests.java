package io.revcycle.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop drains the background work and turns readiness off; a start after it (a context
 * paused and resumed) runs the work and takes traffic again.
 */
class DrainingTests {

	private final List<Object> readiness = new ArrayList<>();

	private final Draining draining = new Draining((event) -> {
		if (event instanceof AvailabilityChangeEvent<?> change) {
			this.readiness.add(change.getState());
		}
	}, new DrainSettings(Duration.ofSeconds(1)));

	@Test
	void workRunsAgainAfterAStopAndAStart() {
		this.draining.start();
		List<String> ran = new ArrayList<>();
		this.draining.run("first", () -> ran.add("first"));

		this.draining.stop();
		assertThat(this.draining.requested()).isTrue();
		this.draining.run("while stopped", () -> ran.add("while stopped"));

		this.draining.start();
		assertThat(this.draining.requested()).as("a resumed context is not draining").isFalse();
		this.draining.run("after the restart", () -> ran.add("after the restart"));

		assertThat(ran).containsExactly("first", "after the restart");
		assertThat(this.readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
	}

}
