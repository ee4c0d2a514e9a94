package io.revcycle.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.revcycle.kernel.InvalidInput;

/**
 * The window of a report: from (inclusive) to (exclusive), and the instant the data is
 * read as it stood then.
 *
 * @param from the start, inclusive
 * @param to the end, exclusive
 * @param asOf answers as the data stood at this instant
 */
record Window(Instant from, Instant to, Instant asOf) {

	/** The longest window a report takes. */
	static final Duration LONGEST = Duration.ofDays(3660);

	/** The window when none is given: the year before now. */
	static final Duration DEFAULT = Duration.ofDays(365);

	/**
	 * Reads the parameters: ISO dates (midnight UTC) or instants; {@code to} defaults to
	 * now, {@code from} to a year before {@code to}, {@code asOf} to now.
	 * @throws InvalidInput naming each parameter that is not usable
	 */
	static Window of(String from, String to, String asOf, Instant now) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		Instant end = (to != null) ? instant(to, "to", problems) : now;
		Instant start = (from != null) ? instant(from, "from", problems) : (end != null) ? end.minus(DEFAULT) : null;
		Instant at = (asOf != null) ? instant(asOf, "asOf", problems) : now;
		if (start != null && end != null) {
			problems.check(!start.isBefore(end), "from", "must be before to");
			problems.check(Duration.between(start, end).compareTo(LONGEST) > 0, "to",
					"the window may span at most " + LONGEST.toDays() + " days");
		}
		problems.throwIfAny();
		return new Window(start, end, at);
	}

	/**
	 * The exclusive end of the window as far as the data reaches: what happened at asOf
	 * itself still counts (times are stored to the microsecond).
	 */
	Instant seenUntil() {
		Instant justAfter = this.asOf.plusNanos(1000);
		return this.to.isAfter(justAfter) ? justAfter : this.to;
	}

	private static Instant instant(String text, String name, InvalidInput.Collector problems) {
		String value = text.trim();
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			problems.add(name, "must be a date such as 2026-11-01 or an instant such as 2026-11-01T00:00:00Z");
			return null;
		}
	}

}
