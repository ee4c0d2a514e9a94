package io.revcycle.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The shares of one payment each campaign earns under each {@link AttributionModel}: a
 * pure function of the paying person's path. Each model's shares add up to exactly one
 * whenever the path has a touch: a key touch that is missing gives up its weight, and key
 * touches that coincide add their weights, before the weights are normalised.
 */
final class Attribution {

	/** Digits a share keeps. */
	static final int SCALE = 10;

	/** Time decay: a touch weighs half as much for every this long before the payment. */
	static final Duration HALF_LIFE = Duration.ofDays(7);

	private Attribution() {
	}

	/**
	 * A campaign touch.
	 *
	 * @param campaignId the campaign
	 * @param at when
	 */
	record Touch(UUID campaignId, Instant at) {
	}

	/**
	 * The path to one payment.
	 *
	 * @param touches the person's touches inside the lookback window and at or before the
	 * payment, oldest first
	 * @param knownAt when the person became known, or null
	 * @param opportunityAt when the person's latest deal before the payment opened, or
	 * null
	 * @param wonAt when the person's latest deal before the payment was won, or null
	 * @param paidAt when the payment was made
	 */
	record Path(List<Touch> touches, Instant knownAt, Instant opportunityAt, Instant wonAt, Instant paidAt) {
	}

	/**
	 * The shares of every model.
	 * @return per model, per campaign, its share (0 to 1, adding up to 1); empty maps
	 * when the path has no touch
	 */
	static Map<AttributionModel, Map<UUID, BigDecimal>> shares(Path path) {
		Map<AttributionModel, Map<UUID, BigDecimal>> shares = new EnumMap<>(AttributionModel.class);
		for (AttributionModel model : AttributionModel.values()) {
			shares.put(model, shares(model, path));
		}
		return shares;
	}

	/** The shares of one model, per campaign. */
	static Map<UUID, BigDecimal> shares(AttributionModel model, Path path) {
		List<Touch> touches = path.touches();
		if (touches.isEmpty()) {
			return Map.of();
		}
		double[] weights = weights(model, path);
		double total = 0;
		for (double weight : weights) {
			total += weight;
		}
		Map<UUID, Double> byCampaign = new LinkedHashMap<>();
		for (int i = 0; i < touches.size(); i++) {
			if (weights[i] > 0) {
				byCampaign.merge(touches.get(i).campaignId(), weights[i] / total, Double::sum);
			}
		}
		return exactly(byCampaign);
	}

	/** Each touch's weight, before normalising. */
	static double[] weights(AttributionModel model, Path path) {
		List<Touch> touches = path.touches();
		int n = touches.size();
		int last = n - 1;
		Integer leadCreation = lastAtOrBefore(touches, path.knownAt());
		Integer opportunity = lastAtOrBefore(touches, path.opportunityAt());
		Integer closedWon = lastAtOrBefore(touches, (path.wonAt() != null) ? path.wonAt() : path.paidAt());
		double[] weights = new double[n];
		switch (model) {
			case FIRST_TOUCH -> weights[0] = 1;
			case LAST_TOUCH -> weights[last] = 1;
			case LINEAR -> java.util.Arrays.fill(weights, 1);
			case TIME_DECAY -> {
				double halfLife = HALF_LIFE.toMillis();
				for (int i = 0; i < n; i++) {
					double age = Math.max(0, Duration.between(touches.get(i).at(), path.paidAt()).toMillis());
					weights[i] = Math.pow(0.5, age / halfLife);
				}
			}
			case U_SHAPED -> positional(weights, new Integer[] { 0, leadCreation }, new double[] { 0.4, 0.4 }, 0.2);
			case W_SHAPED -> positional(weights, new Integer[] { 0, leadCreation, opportunity },
					new double[] { 0.3, 0.3, 0.3 }, 0.1);
			case FULL_PATH -> positional(weights, new Integer[] { 0, leadCreation, opportunity, closedWon },
					new double[] { 0.225, 0.225, 0.225, 0.225 }, 0.1);
			case J_SHAPED -> positional(weights, new Integer[] { 0, last }, new double[] { 0.2, 0.6 }, 0.2);
			case INVERSE_J -> positional(weights, new Integer[] { 0, last }, new double[] { 0.6, 0.2 }, 0.2);
		}
		return weights;
	}

	/**
	 * Gives each key touch present its weight (coinciding ones add up) and spreads the
	 * middle weight evenly over the touches after the first and before the last key touch
	 * present that are not key touches themselves; with no such touch the middle weight
	 * is not given.
	 */
	private static void positional(double[] weights, Integer[] keys, double[] keyWeights, double middle) {
		int end = 0;
		java.util.Set<Integer> keyTouches = new java.util.HashSet<>();
		for (int k = 0; k < keys.length; k++) {
			if (keys[k] != null) {
				weights[keys[k]] += keyWeights[k];
				keyTouches.add(keys[k]);
				end = Math.max(end, keys[k]);
			}
		}
		List<Integer> between = new ArrayList<>();
		for (int i = 1; i < end; i++) {
			if (!keyTouches.contains(i)) {
				between.add(i);
			}
		}
		for (int i : between) {
			weights[i] += middle / between.size();
		}
	}

	/** The last touch at or before a time, or null when there is none (or no time). */
	private static Integer lastAtOrBefore(List<Touch> touches, Instant time) {
		if (time == null) {
			return null;
		}
		Integer found = null;
		for (int i = 0; i < touches.size(); i++) {
			if (!touches.get(i).at().isAfter(time)) {
				found = i;
			}
		}
		return found;
	}

	/**
	 * Rounds shares to {@value #SCALE} digits so that they add up to exactly one: what
	 * rounding leaves over goes to the largest share.
	 */
	private static Map<UUID, BigDecimal> exactly(Map<UUID, Double> shares) {
		Map<UUID, BigDecimal> rounded = new TreeMap<>();
		UUID largest = null;
		BigDecimal sum = BigDecimal.ZERO;
		for (Map.Entry<UUID, Double> share : shares.entrySet()) {
			BigDecimal value = BigDecimal.valueOf(share.getValue()).setScale(SCALE, RoundingMode.HALF_EVEN);
			rounded.put(share.getKey(), value);
			sum = sum.add(value);
			if (largest == null || value.compareTo(rounded.get(largest)) > 0) {
				largest = share.getKey();
			}
		}
		if (largest != null) {
			rounded.put(largest, rounded.get(largest).add(BigDecimal.ONE.setScale(SCALE).subtract(sum)));
		}
		rounded.values().removeIf((v) -> v.signum() == 0);
		return rounded;
	}

}
