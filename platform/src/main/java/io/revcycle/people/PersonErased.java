package io.revcycle.people;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A person's personal data was erased, at their request. Published in the erasing
 * transaction; every feature that holds text about people removes, in the same
 * transaction, whatever in its tables belongs to the person or names one of the
 * {@code identifiers}. The person's id stays: anonymous aggregates keep counting it.
 *
 * @param tenantId the tenant
 * @param personId the person
 * @param at when
 * @param identifiers what identified the person (email, anonymous ids, phone); never
 * stored, only used to find the traces to remove
 */
public record PersonErased(UUID tenantId, UUID personId, Instant at, List<String> identifiers) {

	/**
	 * A PostgreSQL regular expression (for {@code ~*} and
	 * {@code regexp_replace(.., 'gi')}) that matches any of the identifiers; null when
	 * there are none worth matching.
	 */
	public String pattern() {
		List<String> parts = this.identifiers.stream()
			.filter((identifier) -> identifier != null && identifier.trim().length() >= 3)
			.map((identifier) -> escape(identifier.trim()))
			.distinct()
			.toList();
		return parts.isEmpty() ? null : String.join("|", parts);
	}

	/**
	 * The statement that erases a free-text column of a feature's table with a
	 * {@code person_id}: the person's own text is replaced whole, and the identifiers are
	 * replaced in everyone else's. The caller names its own table and column; bind
	 * {@link #freeTextArguments()}.
	 */
	public static String freeTextUpdate(String table, String column) {
		return "update " + table + " set " + column + " = case when person_id = ? then ? else regexp_replace(" + column
				+ ", ?, ?, 'gi') end where " + column + " is not null and (person_id = ? or (?::text is not null and "
				+ column + " ~* ?))";
	}

	/** The arguments of {@link #freeTextUpdate(String, String)}. */
	public Object[] freeTextArguments() {
		String pattern = pattern();
		String matching = (pattern != null) ? pattern : "(?!)";
		return new Object[] { this.personId, REPLACEMENT, matching, REPLACEMENT, this.personId, pattern, matching };
	}

	/** The text that replaces an identifier. */
	public static final String REPLACEMENT = "[erased]";

	private static final Pattern SPECIAL = Pattern.compile("([^A-Za-z0-9])");

	private static String escape(String text) {
		return SPECIAL.matcher(text).replaceAll("\\\\$1");
	}

}
