package io.revcycle.revenue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The models on paths worked out by hand, and on random paths: every model's shares add
 * up to exactly one.
 */
class AttributionTests {

	private static final UUID A = new UUID(0, 1);

	private static final UUID B = new UUID(0, 2);

	private static final Instant PAID = Instant.parse("2026-09-29T10:00:00Z");

	@Test
	void positionalModelsOnAFivetouchPath() {
		// A (first), A, B (lead creation), A (opportunity creation), B (last, closed won)
		Attribution.Path path = new Attribution.Path(
				List.of(touch(A, 28), touch(A, 25), touch(B, 21), touch(A, 14), touch(B, 7)), daysBefore(21),
				daysBefore(9), null, PAID);
		assertShares(AttributionModel.FIRST_TOUCH, path, "1", "0");
		assertShares(AttributionModel.LAST_TOUCH, path, "0", "1");
		assertShares(AttributionModel.LINEAR, path, "0.6", "0.4");
		assertShares(AttributionModel.U_SHAPED, path, "0.6", "0.4");
		assertShares(AttributionModel.W_SHAPED, path, "0.7", "0.3");
		assertShares(AttributionModel.FULL_PATH, path, "0.55", "0.45");
		assertShares(AttributionModel.J_SHAPED, path, "0.3333333333", "0.6666666667");
		assertShares(AttributionModel.INVERSE_J, path, "0.7333333333", "0.2666666667");
	}

	@Test
	void aDealWonBeforeThePaymentMakesTheClosedWonTouch() {
		// closed won is the last touch before the deal was won, not before the payment
		Attribution.Path path = new Attribution.Path(List.of(touch(A, 20), touch(B, 10), touch(A, 2)), null,
				daysBefore(15), daysBefore(5), PAID);
		// first A 22.5, opportunity A 22.5, closed won B 22.5; lead creation missing; no
		// touch between first and closed won that is not a key touch
		assertShares(AttributionModel.FULL_PATH, path, "0.6666666667", "0.3333333333");
	}

	@Test
	void timeDecayHalvesEverySevenDays() {
		Attribution.Path path = new Attribution.Path(List.of(touch(A, 7), touch(B, 0)), null, null, null, PAID);
		assertShares(AttributionModel.TIME_DECAY, path, "0.3333333333", "0.6666666667");
	}

	@Test
	void noTouchesNoCredit() {
		Attribution.Path path = new Attribution.Path(List.of(), daysBefore(3), null, null, PAID);
		for (AttributionModel model : AttributionModel.values()) {
			assertThat(Attribution.shares(model, path)).as(model.id()).isEmpty();
		}
	}

	@Test
	void everyModelCreditsExactlyOneOnRandomPaths() {
		Random random = new Random(20261203);
		List<UUID> campaigns = List.of(A, B, new UUID(0, 3), new UUID(0, 4));
		for (int run = 0; run < 2000; run++) {
			int n = 1 + random.nextInt(12);
			List<Attribution.Touch> touches = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				touches.add(new Attribution.Touch(campaigns.get(random.nextInt(campaigns.size())),
						PAID.minus(Duration.ofHours(random.nextInt(24 * 400)))));
			}
			touches.sort(java.util.Comparator.comparing(Attribution.Touch::at));
			Attribution.Path path = new Attribution.Path(touches, random.nextBoolean() ? random(random) : null,
					random.nextBoolean() ? random(random) : null, random.nextBoolean() ? random(random) : null, PAID);
			Attribution.shares(path).forEach((model, shares) -> {
				assertThat(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
					.as(model.id() + " on " + path)
					.isEqualByComparingTo("1");
				assertThat(shares.values()).allSatisfy((share) -> assertThat(share).isPositive());
			});
		}
	}

	private static void assertShares(AttributionModel model, Attribution.Path path, String a, String b) {
		Map<UUID, BigDecimal> shares = Attribution.shares(model, path);
		assertThat(shares.getOrDefault(A, BigDecimal.ZERO)).as(model.id() + " A").isEqualByComparingTo(a);
		assertThat(shares.getOrDefault(B, BigDecimal.ZERO)).as(model.id() + " B").isEqualByComparingTo(b);
	}

	private static Attribution.Touch touch(UUID campaign, int daysBefore) {
		return new Attribution.Touch(campaign, daysBefore(daysBefore));
	}

	private static Instant daysBefore(int days) {
		return PAID.minus(Duration.ofDays(days));
	}

	private static Instant random(Random random) {
		return PAID.minus(Duration.ofHours(random.nextInt(24 * 400)));
	}

}
