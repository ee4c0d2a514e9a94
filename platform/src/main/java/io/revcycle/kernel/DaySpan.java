package io.revcycle.kernel;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A window of time cut for reading rollups kept per UTC day: the whole days inside it,
 * read from the rollup, and the parts of a day at its head and tail, read from the rows
 * themselves. Every range is from inclusive to exclusive; an unused range is empty.
 *
 * @param firstDay the first whole day
 * @param endDay the day after the last whole day ({@code firstDay} when there is none)
 * @param headFrom the start of the head, the window's start
 * @param headTo the end of the head, the first whole day's start
 * @param tailFrom the start of the tail, the end day's start
 * @param tailTo the end of the tail, the window's end
 */
public record DaySpan(LocalDate firstDay, LocalDate endDay, Timestamp headFrom, Timestamp headTo, Timestamp tailFrom,
		Timestamp tailTo) {

	/** Cuts the window from (inclusive) to (exclusive). */
	public static DaySpan of(Instant from, Instant to) {
		LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
		if (first.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(from)) {
			first = first.plusDays(1);
		}
		LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
		if (!first.isBefore(end)) {
			// no whole day: the rows themselves, all of the window in the head
			return new DaySpan(first, first, Timestamp.from(from), Timestamp.from(to), Timestamp.from(to),
					Timestamp.from(to));
		}
		return new DaySpan(first, end, Timestamp.from(from),
				Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()),
				Timestamp.from(end.atStartOfDay(ZoneOffset.UTC).toInstant()), Timestamp.from(to));
	}

	/**
	 * The parameters, in this order, of a query written with {@link #days(String)} and
	 * then {@link #edges(String)}.
	 */
	public Object[] parameters() {
		return new Object[] { this.firstDay, this.endDay, this.headFrom, this.headTo, this.tailFrom, this.tailTo };
	}

	/** The condition that keeps a rollup's whole days, on its day column. */
	public static String days(String column) {
		return column + " >= ? and " + column + " < ?";
	}

	/** The condition that keeps rows in the head or the tail, on their time column. */
	public static String edges(String column) {
		return "((" + column + " >= ? and " + column + " < ?) or (" + column + " >= ? and " + column + " < ?))";
	}

}
