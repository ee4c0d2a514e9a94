package io.revcycle.kernel;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A window of time cut for reading rollups kept per UTC day: whole days read from the
 * rollup, and the window's partial first and last day read from the rows themselves.
 * <p>
 * A partial day is read in one of two equal ways: its rows inside the window added to the
 * whole days, or the day's rollup with its rows outside the window taken back. The cut
 * takes the way that reads fewer rows, judged by the length of time each reads, where the
 * future counts for nothing: a window that ends now reads today from the rollup and takes
 * back the rows after now, which are none, instead of reading all of today's rows.
 * <p>
 * Every range is from inclusive to exclusive; an unused range is empty. A query reads the
 * rollup's days with {@link #days(String)}, the rows of the head and tail ranges with
 * {@link #edges(String)}, and counts each row with the sign of {@link #sign(String)}.
 *
 * @param firstDay the first day read from the rollup
 * @param endDay the day after the last day read from the rollup ({@code firstDay} when
 * there is none)
 * @param headFrom the start of the head range
 * @param headTo the end of the head range
 * @param headSign 1 when the head's rows are added, -1 when taken back
 * @param tailFrom the start of the tail range, at or after the end of the head range
 * @param tailTo the end of the tail range
 * @param tailSign 1 when the tail's rows are added, -1 when taken back
 */
public record DaySpan(LocalDate firstDay, LocalDate endDay, Timestamp headFrom, Timestamp headTo, int headSign,
		Timestamp tailFrom, Timestamp tailTo, int tailSign) {

	/**
	 * Cuts the window from (inclusive) to (exclusive), judging the partial days' cost
	 * against the wall clock: the choice changes what a query reads, never what it
	 * answers.
	 */
	public static DaySpan of(Instant from, Instant to) {
		return of(from, to, Instant.now());
	}

	/** Cuts the window from (inclusive) to (exclusive), with now for judging the cost. */
	public static DaySpan of(Instant from, Instant to, Instant now) {
		LocalDate fromDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
		LocalDate first = start(fromDay).isBefore(from) ? fromDay.plusDays(1) : fromDay;
		LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
		if (!first.isBefore(end)) {
			// no whole day: a part of one day, or parts of two
			if (!to.isAfter(start(fromDay.plusDays(1)))) {
				Instant dayStart = start(fromDay);
				Instant dayEnd = start(fromDay.plusDays(1));
				if (length(dayStart, from, now).plus(length(to, dayEnd, now)).compareTo(length(from, to, now)) < 0) {
					return new DaySpan(fromDay, fromDay.plusDays(1), ts(dayStart), ts(from), -1, ts(to), ts(dayEnd),
							-1);
				}
			}
			return new DaySpan(first, first, ts(from), ts(to), 1, ts(to), ts(to), 1);
		}
		LocalDate firstDay = first;
		Timestamp headFrom = ts(from);
		Timestamp headTo = ts(start(first));
		int headSign = 1;
		if (from.isBefore(start(first))) {
			Instant dayStart = start(first.minusDays(1));
			if (length(dayStart, from, now).compareTo(length(from, start(first), now)) < 0) {
				firstDay = first.minusDays(1);
				headFrom = ts(dayStart);
				headTo = ts(from);
				headSign = -1;
			}
		}
		LocalDate endDay = end;
		Timestamp tailFrom = ts(start(end));
		Timestamp tailTo = ts(to);
		int tailSign = 1;
		if (to.isAfter(start(end))) {
			Instant dayEnd = start(end.plusDays(1));
			if (length(to, dayEnd, now).compareTo(length(start(end), to, now)) < 0) {
				endDay = end.plusDays(1);
				tailFrom = ts(to);
				tailTo = ts(dayEnd);
				tailSign = -1;
			}
		}
		return new DaySpan(firstDay, endDay, headFrom, headTo, headSign, tailFrom, tailTo, tailSign);
	}

	/** The condition that keeps a rollup's days, on its day column. */
	public static String days(String column) {
		return column + " >= ? and " + column + " < ?";
	}

	/** The condition that keeps rows in the head or the tail, on their time column. */
	public static String edges(String column) {
		return "((" + column + " >= ? and " + column + " < ?) or (" + column + " >= ? and " + column + " < ?))";
	}

	/**
	 * The sign a row of the head or the tail counts with, on its time column: one
	 * parameter, {@link #signParameter()}.
	 */
	public String sign(String column) {
		return "(case when " + column + " < ? then " + this.headSign + " else " + this.tailSign + " end)";
	}

	/** The parameters of {@link #days(String)}. */
	public Object[] dayParameters() {
		return new Object[] { this.firstDay, this.endDay };
	}

	/** The parameter of {@link #sign(String)}. */
	public Object signParameter() {
		return this.tailFrom;
	}

	/** The parameters of {@link #edges(String)}. */
	public Object[] edgeParameters() {
		return new Object[] { this.headFrom, this.headTo, this.tailFrom, this.tailTo };
	}

	/**
	 * The parameters of a query's values, in order: each is an {@code Object[]} of
	 * parameters spread in place, or a single value (a {@code String[]} stays one array
	 * parameter).
	 */
	public static Object[] parameters(Object... parts) {
		java.util.List<Object> all = new java.util.ArrayList<>();
		for (Object part : parts) {
			if (part != null && part.getClass() == Object[].class) {
				Object[] array = (Object[]) part;
				all.addAll(java.util.Arrays.asList(array));
			}
			else {
				all.add(part);
			}
		}
		return all.toArray();
	}

	private static Instant start(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

	/** The length of the range that lies in the past of now. */
	private static Duration length(Instant from, Instant to, Instant now) {
		Instant end = to.isAfter(now) ? now : to;
		return end.isAfter(from) ? Duration.between(from, end) : Duration.ZERO;
	}

}
