package io.revcycle.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of a list, as every list of the API answers it: {@code {"items": [...],
 * "nextCursor": ...}}, newest first, with an opaque cursor for the next page
 * ({@code null} on the last page).
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or {@code null}
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

	/** The default page size. */
	public static final int DEFAULT_LIMIT = 50;

	/** The largest page size a client may ask for. */
	public static final int MAX_LIMIT = 500;

	/**
	 * Checks a requested page size.
	 * @param limit the {@code limit} parameter, may be null
	 * @return the page size to use
	 */
	public static int limit(Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw Problems.badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit + ".");
		}
		return limit;
	}

	/**
	 * Builds a page from up to {@code limit + 1} rows fetched in order: the extra row
	 * only tells that there is a next page.
	 */
	public static <R, T> CursorPage<T> of(List<R> rows, int limit, Function<R, Position> position,
			Function<R, T> item) {
		boolean more = rows.size() > limit;
		List<R> page = more ? rows.subList(0, limit) : rows;
		String next = more ? position.apply(page.get(page.size() - 1)).encode() : null;
		return new CursorPage<>(page.stream().map(item).toList(), next);
	}

	/**
	 * A position in a list ordered by time then id, newest first: the last item of a
	 * page.
	 *
	 * @param at the time of the item
	 * @param id its id (a UUID or a sequence number), as text
	 */
	public record Position(Instant at, String id) {

		public Position(Instant at, Object id) {
			this(at, String.valueOf(id));
		}

		/** The opaque cursor for this position. */
		public String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.at + "|" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		/** The id as a UUID. */
		public UUID uuid() {
			try {
				return UUID.fromString(this.id);
			}
			catch (IllegalArgumentException ex) {
				throw invalid();
			}
		}

		/** The id as a sequence number. */
		public long number() {
			try {
				return Long.parseLong(this.id);
			}
			catch (NumberFormatException ex) {
				throw invalid();
			}
		}

		/**
		 * Reads a cursor.
		 * @param cursor the {@code cursor} parameter, may be null
		 * @return the position, or null for the first page
		 */
		public static Position decode(String cursor) {
			if (cursor == null || cursor.isBlank()) {
				return null;
			}
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
				return new Position(Instant.parse(parts[0]), parts[1]);
			}
			catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException ex) {
				throw invalid();
			}
		}

		private static RuntimeException invalid() {
			return Problems.badRequest("cursor is not valid; pass the nextCursor of the previous page unchanged.");
		}

	}

}
