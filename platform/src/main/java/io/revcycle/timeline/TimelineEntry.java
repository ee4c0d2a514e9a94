package io.revcycle.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An entry of a person's (and its account's) timeline.
 *
 * @param personId the person
 * @param accountId the person's account at the time, or null
 * @param at when it happened
 * @param kind {@code activity}, {@code stage}, {@code score}, {@code sla}, {@code note}
 * or {@code deal}
 * @param type the activity type, or what changed (for example {@code stage_changed})
 * @param summary one line for people
 * @param data the details, as JSON-compatible values
 */
public record TimelineEntry(UUID personId, UUID accountId, Instant at, String kind, String type, String summary,
		Map<String, Object> data) {
}
