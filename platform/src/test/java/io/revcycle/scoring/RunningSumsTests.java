package io.revcycle.scoring;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.revcycle.people.Person;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Running behaviour sums equal a full recomputation: over random models (caps, periods,
 * penalties, half-lives), random histories and random instants, folding a history in
 * batches (each later than the one before, in any order within) and decaying the sums to
 * any later instant gives, rule by rule, what summing every activity's capped points
 * decayed from its own time gives. An activity older than one a rule already counts is
 * refused, never folded wrongly.
 */
class RunningSumsTests {

	private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

	private static final String[] TYPES = { "page_view", "email_click", "form_submitted", "email_unsubscribed" };

	private static final String[] URLS = { "https://example.com/pricing", "https://example.com/blog/a",
			"https://example.com/PRICING/enterprise", "https://example.com/docs" };

	private static final int CASES = 3_000;

	@Test
	void batchesFoldedInTimeOrderAndDecayedEqualAFullRecomputation() {
		Random random = new Random(20261204L);
		int compared = 0;
		for (int c = 0; c < CASES; c++) {
			ScoringDefinition definition = definition(random);
			Scorer scorer = new Scorer(definition);
			List<Scorer.Touch> history = history(random);
			List<List<Scorer.Touch>> batches = chronologicalBatches(random, history);
			Map<String, Scorer.RuleSum> sums = Map.of();
			List<Scorer.Touch> seen = new ArrayList<>();
			for (List<Scorer.Touch> batch : batches) {
				sums = scorer.fold(sums, batch);
				assertThat(sums).as("case %d: batches in time order are always folded", c).isNotNull();
				seen.addAll(batch);
				Instant latest = seen.stream()
					.map(Scorer.Touch::occurredAt)
					.max(Comparator.naturalOrder())
					.orElse(START);
				// the sums of what was seen so far, at the latest activity and at later
				// instants
				for (Instant at : List.of(latest, latest.plus(Duration.ofSeconds(random.nextInt(90 * 86_400))),
						latest.plus(Duration.ofDays(400)))) {
					compare(c, definition, scorer, sums, seen, at);
					compared++;
				}
			}
		}
		assertThat(compared).isGreaterThan(CASES);
	}

	@Test
	void theFullScoreOfAHistoryIsTheFoldOfItsPast() {
		Random random = new Random(42L);
		for (int c = 0; c < CASES; c++) {
			ScoringDefinition definition = definition(random);
			Scorer scorer = new Scorer(definition);
			List<Scorer.Touch> history = history(random);
			Instant at = START.plus(Duration.ofSeconds(random.nextInt(200 * 86_400)));
			Scorer.Score score = scorer.score(person(), null, history, at);
			Reference reference = reference(definition, history, at);
			assertThat(score.behaviour()).as("case %d", c).isEqualTo((int) Math.round(reference.total()));
			for (Scorer.Contribution contribution : score.contributions()) {
				if ("behaviour".equals(contribution.kind())) {
					assertThat(contribution.points()).as("case %d, rule %s", c, contribution.rule())
						.isCloseTo(reference.points().get(contribution.rule()), within(0.05 + 1e-9));
					assertThat(contribution.matches()).isEqualTo(reference.matches().get(contribution.rule()));
				}
			}
		}
	}

	@Test
	void anActivityOlderThanOneARuleCountsIsRefused() {
		Scorer scorer = new Scorer(ScoringDefinition.defaults());
		Instant at = START.plus(Duration.ofDays(3));
		Map<String, Scorer.RuleSum> sums = scorer.fold(Map.of(), List.of(pricing(at)));
		assertThat(scorer.fold(sums, List.of(pricing(at.minusSeconds(1))))).isNull();
		// the same instant, or an activity no rule it counts matches, is fine
		assertThat(scorer.fold(sums, List.of(pricing(at)))).isNotNull();
		assertThat(scorer.fold(sums, List.of(new Scorer.Touch("email_unsubscribed", at.minusSeconds(60), Map.of()))))
			.isNotNull();
		// the sums given are not changed by a fold
		Map<String, Scorer.RuleSum> copy = Map.copyOf(sums);
		scorer.fold(sums, List.of(pricing(at.plusSeconds(5))));
		assertThat(sums).isEqualTo(copy);
	}

	@Test
	void aCapUsedEarlierInThePeriodHoldsAcrossBatches() {
		// pricing pages: 20 each, capped at 40 a day
		Scorer scorer = new Scorer(ScoringDefinition.defaults());
		Map<String, Scorer.RuleSum> sums = scorer.fold(Map.of(),
				List.of(pricing(START), pricing(START.plusSeconds(60))));
		sums = scorer.fold(sums, List.of(pricing(START.plusSeconds(120))));
		Scorer.Score score = scorer.evaluate(person(), null, sums, START.plusSeconds(120));
		// 40 from the pricing rule, 3 page views
		assertThat(score.behaviour()).isEqualTo(43);
		sums = scorer.fold(sums, List.of(pricing(START.plus(Duration.ofDays(1)))));
		assertThat(scorer.evaluate(person(), null, sums, START.plus(Duration.ofDays(1))).behaviour())
			.isEqualTo((int) Math.round(43 * Math.pow(0.5, 1 / 30.0) + 21));
	}

	private static void compare(int c, ScoringDefinition definition, Scorer scorer, Map<String, Scorer.RuleSum> sums,
			List<Scorer.Touch> seen, Instant at) {
		Reference reference = reference(definition, seen, at);
		double total = 0;
		for (ScoringDefinition.BehaviourRule rule : definition.behaviourRules()) {
			Scorer.RuleSum sum = sums.get(rule.id());
			int matches = (sum != null) ? sum.matches() : 0;
			assertThat(matches).as("case %d, rule %s: matches", c, rule.id())
				.isEqualTo(reference.matches().getOrDefault(rule.id(), 0));
			if (matches == 0) {
				continue;
			}
			double micros = ChronoUnit.MICROS.between(Instant.EPOCH, at) - sum.latest();
			double points = sum.points() * Math.pow(0.5, micros / 86_400_000_000d / definition.halfLifeDays());
			double expected = reference.points().get(rule.id());
			assertThat(points).as("case %d, rule %s at %s", c, rule.id(), at)
				.isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
			total += points;
		}
		Scorer.Score score = scorer.evaluate(person(), null, sums, at);
		assertThat(total).isCloseTo(reference.total(), within(1e-8));
		if (Math.abs(reference.total() - Math.floor(reference.total()) - 0.5) > 1e-6) {
			assertThat(score.behaviour()).as("case %d at %s", c, at).isEqualTo((int) Math.round(reference.total()));
		}
	}

	/**
	 * What each rule earns, computed the direct way: every activity's points decayed from
	 * its own time.
	 */
	private record Reference(Map<String, Double> points, Map<String, Integer> matches, double total) {
	}

	private static Reference reference(ScoringDefinition definition, List<Scorer.Touch> touches, Instant at) {
		List<Scorer.Touch> ordered = new ArrayList<>(touches);
		ordered.sort(Comparator.comparing(Scorer.Touch::occurredAt));
		Map<String, Double> points = new HashMap<>();
		Map<String, Integer> matches = new HashMap<>();
		double total = 0;
		for (ScoringDefinition.BehaviourRule rule : definition.behaviourRules()) {
			long periodSeconds = (long) (((rule.capPeriodDays() != null) ? rule.capPeriodDays() : 1) * 86_400d);
			Map<Long, Integer> used = new HashMap<>();
			double sum = 0;
			int count = 0;
			for (Scorer.Touch touch : ordered) {
				if (touch.occurredAt().isAfter(at) || !matches(rule, touch)) {
					continue;
				}
				int raw = rule.points();
				if (rule.cap() != null) {
					long period = Math.floorDiv(touch.occurredAt().getEpochSecond(), periodSeconds);
					int before = used.getOrDefault(period, 0);
					int allowed = Math.max(0, Math.min(raw, rule.cap() - before));
					used.put(period, before + allowed);
					raw = (raw < 0) ? raw : allowed;
				}
				if (raw == 0) {
					continue;
				}
				count++;
				double ageDays = ChronoUnit.MICROS.between(touch.occurredAt(), at) / 86_400_000_000d;
				sum += raw * Math.pow(0.5, ageDays / definition.halfLifeDays());
			}
			if (count > 0) {
				points.put(rule.id(), sum);
				matches.put(rule.id(), count);
				total += sum;
			}
		}
		return new Reference(points, matches, total);
	}

	private static boolean matches(ScoringDefinition.BehaviourRule rule, Scorer.Touch touch) {
		if (!rule.type().equals(touch.type())) {
			return false;
		}
		if (rule.property() == null) {
			return true;
		}
		Object value = touch.properties().get(rule.property());
		return value != null && (rule.contains() == null
				|| String.valueOf(value).toLowerCase(Locale.ROOT).contains(rule.contains().toLowerCase(Locale.ROOT)));
	}

	private static ScoringDefinition definition(Random random) {
		List<ScoringDefinition.BehaviourRule> rules = new ArrayList<>();
		int count = 1 + random.nextInt(4);
		for (int i = 0; i < count; i++) {
			String type = TYPES[random.nextInt(TYPES.length)];
			boolean pricing = random.nextInt(3) == 0;
			int points = (random.nextInt(5) == 0) ? -(1 + random.nextInt(15)) : 1 + random.nextInt(30);
			Integer cap = (random.nextBoolean()) ? 1 + random.nextInt(60) : null;
			Integer period = (cap != null && random.nextBoolean()) ? 1 + random.nextInt(7) : null;
			rules.add(new ScoringDefinition.BehaviourRule("rule-" + i, type, pricing ? "url" : null,
					pricing ? "pricing" : null, points, cap, period));
		}
		double[] halfLives = { 0.5, 1, 7, 30, 90.5, 365 };
		return new ScoringDefinition(List.of(), rules, halfLives[random.nextInt(halfLives.length)], 25, 25, 30, 30);
	}

	private static List<Scorer.Touch> history(Random random) {
		int size = random.nextInt(40);
		List<Scorer.Touch> touches = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			// microsecond times over four months, with ties
			Instant at = (i > 0 && random.nextInt(8) == 0) ? touches.get(random.nextInt(i)).occurredAt()
					: START.plus(random.nextLong(120L * 86_400_000_000L), ChronoUnit.MICROS);
			touches.add(new Scorer.Touch(TYPES[random.nextInt(TYPES.length)], at,
					Map.of("url", URLS[random.nextInt(URLS.length)])));
		}
		return touches;
	}

	/** The history cut at random instants into batches, each shuffled. */
	private static List<List<Scorer.Touch>> chronologicalBatches(Random random, List<Scorer.Touch> history) {
		List<Scorer.Touch> ordered = new ArrayList<>(history);
		ordered.sort(Comparator.comparing(Scorer.Touch::occurredAt));
		List<List<Scorer.Touch>> batches = new ArrayList<>();
		int i = 0;
		while (i < ordered.size()) {
			int end = Math.min(ordered.size(), i + 1 + random.nextInt(6));
			List<Scorer.Touch> batch = new ArrayList<>(ordered.subList(i, end));
			Collections.shuffle(batch, random);
			batches.add(batch);
			i = end;
		}
		if (batches.isEmpty()) {
			batches.add(List.of());
		}
		return batches;
	}

	private static Scorer.Touch pricing(Instant at) {
		return new Scorer.Touch("page_view", at, Map.of("url", "https://example.com/pricing"));
	}

	private static Person person() {
		return new Person(UUID.randomUUID(), "jane@initech.com", START);
	}

}
