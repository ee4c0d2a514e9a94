package io.revcycle.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.people.Account;
import io.revcycle.people.Person;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scorer is pure: the same person, account, activities and instant give the same
 * score, with time passed in.
 */
class ScorerTests {

	private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

	private final Scorer scorer = new Scorer(ScoringDefinition.defaults());

	@Test
	void fitRulesAddAndPersonalMailboxesSubtract() {
		Account account = account("initech.com", "Software", 200, "US");
		Scorer.Score score = this.scorer.score(person("jane@initech.com", "VP Engineering"), account, List.of(), NOW);
		// target industry 20, company size 15, decision-maker 10, target country 5
		assertThat(score.fit()).isEqualTo(50);
		assertThat(score.contributions()).extracting(Scorer.Contribution::rule)
			.containsExactly("target-industry", "company-size", "decision-maker", "target-country");
		assertThat(this.scorer.score(person("joe@gmail.com", null), null, List.of(), NOW).fit()).isEqualTo(-20);
	}

	@Test
	void behaviourIsCappedPerPeriodAndDecaysWithTheHalfLife() {
		Person person = person("jane@initech.com", null);
		List<Scorer.Touch> pricing = List.of(pricing(NOW), pricing(NOW.plusSeconds(60)), pricing(NOW.plusSeconds(120)));
		// 20 each, capped at 40 a day; page views 1 each, capped at 10 a day
		Scorer.Score today = this.scorer.score(person, null, pricing, NOW.plusSeconds(120));
		assertThat(today.behaviour()).isEqualTo(40 + 3);
		// the next day's visits have a new cap
		Scorer.Score twoDays = this.scorer.score(person, null,
				List.of(pricing(NOW), pricing(NOW.plus(Duration.ofDays(1)))), NOW.plus(Duration.ofDays(1)));
		assertThat(twoDays.behaviour()).isEqualTo(Math.round((20 + 1) * Math.pow(0.5, 1 / 30.0) + 21));
		// one half-life later, half
		assertThat(this.scorer.score(person, null, List.of(pricing(NOW)), NOW.plus(Duration.ofDays(30))).behaviour())
			.isEqualTo(Math.round(21 / 2.0));
	}

	@Test
	void activitiesAfterTheInstantDoNotCount() {
		Scorer.Score before = this.scorer.score(person("jane@initech.com", null), null,
				List.of(pricing(NOW.plusSeconds(1))), NOW);
		assertThat(before.behaviour()).isZero();
		assertThat(before.contributions()).isEmpty();
	}

	@Test
	void penaltiesAddUp() {
		List<Scorer.Touch> unsubscribed = List.of(new Scorer.Touch("email_unsubscribed", NOW, Map.of()),
				new Scorer.Touch("email_unsubscribed", NOW.plusSeconds(1), Map.of()));
		assertThat(
				this.scorer.score(person("jane@initech.com", null), null, unsubscribed, NOW.plusSeconds(1)).behaviour())
			.isEqualTo(-30);
	}

	private static Scorer.Touch pricing(Instant at) {
		return new Scorer.Touch("page_view", at, Map.of("url", "https://example.com/pricing"));
	}

	private static Person person(String email, String title) {
		Person person = new Person(UUID.randomUUID(), email, NOW);
		person.describe(null, null, title, null, NOW);
		return person;
	}

	private static Account account(String domain, String industry, int employees, String country) {
		Account account = new Account(UUID.randomUUID(), domain, NOW);
		account.describe(null, industry, employees, null, country, NOW);
		return account;
	}

}
