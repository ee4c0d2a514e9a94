package io.revcycle.plugin.host;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.host.Breaker.Permit;
import io.revcycle.plugin.host.ConnectorRuntime.Health;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

	private final Breaker breaker = new Breaker(this.clock, 3, Duration.ofSeconds(30));

	@Test
	void startsHealthy() {
		Health health = this.breaker.health();
		assertThat(health.healthy()).isTrue();
		assertThat(health.state()).isEqualTo(Health.HEALTHY);
		assertThat(health.lastError()).isNull();
		assertThat(health.since()).isEqualTo(this.clock.instant());
		assertThat(this.breaker.permit()).isEqualTo(Permit.CALL);
	}

	@Test
	void oneFailureMakesTheInstanceUnhealthyAndASuccessHealsIt() {
		this.breaker.failed(this.breaker.permit(), "boom");
		assertThat(this.breaker.health())
			.extracting(Health::healthy, Health::state, Health::lastError, Health::consecutiveFailures)
			.containsExactly(false, Health.UNHEALTHY, "boom", 1);

		this.clock.advance(Duration.ofSeconds(5));
		this.breaker.succeeded(this.breaker.permit());
		Health health = this.breaker.health();
		assertThat(health.healthy()).isTrue();
		assertThat(health.consecutiveFailures()).isZero();
		assertThat(health.since()).isEqualTo(this.clock.instant());
		assertThat(health.lastError()).isEqualTo("boom");
	}

	@Test
	void opensAfterConsecutiveFailuresOnly() {
		fail(2);
		this.breaker.succeeded(this.breaker.permit());
		fail(2);
		assertThat(this.breaker.state()).isEqualTo(Breaker.State.CLOSED);
		fail(1);
		assertThat(this.breaker.state()).isEqualTo(Breaker.State.OPEN);
		assertThat(this.breaker.health().state()).isEqualTo(Health.OPEN);
		assertThat(this.breaker.health().consecutiveFailures()).isEqualTo(3);
		assertThat(this.breaker.permit()).isEqualTo(Permit.REFUSED);
	}

	@Test
	void letsOneTrialCallThroughOnceOpenForHasPassed() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.breaker.permit()).isEqualTo(Permit.REFUSED);
		this.clock.advance(Duration.ofSeconds(1));
		Permit trial = this.breaker.permit();
		assertThat(trial).isEqualTo(Permit.TRIAL);
		assertThat(this.breaker.permit()).as("a second call while the trial is under way").isEqualTo(Permit.REFUSED);

		this.breaker.succeeded(trial);
		assertThat(this.breaker.state()).isEqualTo(Breaker.State.CLOSED);
		assertThat(this.breaker.health().healthy()).isTrue();
		assertThat(this.breaker.permit()).isEqualTo(Permit.CALL);
	}

	@Test
	void aFailedTrialOpensTheCircuitAgainForAnotherPeriod() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));
		Permit trial = this.breaker.permit();
		this.breaker.failed(trial, "still down");
		assertThat(this.breaker.state()).isEqualTo(Breaker.State.OPEN);
		assertThat(this.breaker.openUntil()).isEqualTo(this.clock.instant().plusSeconds(30));
		assertThat(this.breaker.health().lastError()).isEqualTo("still down");
		assertThat(this.breaker.permit()).isEqualTo(Permit.REFUSED);
	}

	@Test
	void aTrialThatSaysNothingLetsTheNextCallTry() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));
		Permit trial = this.breaker.permit();
		this.breaker.neutral(trial);
		assertThat(this.breaker.permit()).isEqualTo(Permit.TRIAL);
	}

	@Test
	void aLateSuccessDoesNotCloseAnOpenCircuit() {
		Permit early = this.breaker.permit();
		fail(3);
		this.breaker.succeeded(early);
		assertThat(this.breaker.state()).isEqualTo(Breaker.State.OPEN);
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			this.breaker.failed(this.breaker.permit(), "failure " + i);
		}
	}

}
