package io.revcycle.connector.hubspot;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Where a poll continues, per object: a small string such as
 * <pre>{@code v1;contacts=1700000000000,0,512.513;deals=1699999990000,0,}</pre> Each
 * object's part is {@code since,skip,seen}:
 * <ul>
 * <li>{@code since}: the modification time (epoch milliseconds) the next search starts
 * at, inclusive, so records that share the boundary time are never skipped;</li>
 * <li>{@code skip}: how many records at exactly {@code since} to page past with
 * {@code after} (non-zero only while more records share one millisecond than a page
 * holds);</li>
 * <li>{@code seen}: the ids, joined by dots, of the records modified at exactly
 * {@code since} that were already returned, so a repeated search does not return them
 * again.</li>
 * </ul>
 * An object without a part starts at the beginning of its history.
 *
 * @param positions the position of each object that has one
 */
record PollCursor(Map<CrmObject, Position> positions) {

	static final String VERSION = "v1";

	/**
	 * The most boundary ids a cursor keeps per object; more are returned again,
	 * harmlessly.
	 */
	static final int MAX_SEEN = 500;

	PollCursor {
		positions = positions.isEmpty() ? new EnumMap<>(CrmObject.class) : new EnumMap<>(positions);
	}

	/** The position of one object. */
	record Position(long since, int skip, Set<String> seen) {

		static final Position START = new Position(0, 0, Set.of());

		Position {
			seen = Set.copyOf(seen);
		}

	}

	/**
	 * Reads a cursor.
	 * @param cursor the cursor, or null for the first poll
	 * @return the cursor, or empty when it cannot be read
	 */
	static Optional<PollCursor> parse(String cursor) {
		Map<CrmObject, Position> positions = new EnumMap<>(CrmObject.class);
		if (cursor == null || cursor.isBlank()) {
			return Optional.of(new PollCursor(positions));
		}
		String[] parts = cursor.trim().split(";");
		if (!VERSION.equals(parts[0])) {
			return Optional.empty();
		}
		for (int i = 1; i < parts.length; i++) {
			int eq = parts[i].indexOf('=');
			Optional<CrmObject> object = (eq > 0) ? CrmObject.ofPath(parts[i].substring(0, eq)) : Optional.empty();
			if (object.isEmpty()) {
				return Optional.empty();
			}
			String[] fields = parts[i].substring(eq + 1).split(",", -1);
			if (fields.length != 3) {
				return Optional.empty();
			}
			try {
				long since = Long.parseLong(fields[0]);
				int skip = Integer.parseInt(fields[1]);
				if (since < 0 || skip < 0) {
					return Optional.empty();
				}
				Set<String> seen = new LinkedHashSet<>();
				for (String id : fields[2].split("\\.")) {
					if (!id.isEmpty()) {
						seen.add(id);
					}
				}
				positions.put(object.get(), new Position(since, skip, seen));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}
		return Optional.of(new PollCursor(positions));
	}

	/** The position of an object, or the start. */
	Position position(CrmObject object) {
		return this.positions.getOrDefault(object, Position.START);
	}

	/** This cursor with another position for one object. */
	PollCursor with(CrmObject object, Position position) {
		Map<CrmObject, Position> next = new EnumMap<>(CrmObject.class);
		next.putAll(this.positions);
		next.put(object, position);
		return new PollCursor(next);
	}

	/** The cursor as the string the host keeps. */
	String format() {
		StringJoiner cursor = new StringJoiner(";");
		cursor.add(VERSION);
		for (CrmObject object : List.of(CrmObject.values())) {
			Position position = this.positions.get(object);
			if (position != null) {
				cursor.add(object.path() + "=" + position.since() + "," + position.skip() + ","
						+ String.join(".", position.seen().stream().sorted().toList()));
			}
		}
		return cursor.toString();
	}

}
