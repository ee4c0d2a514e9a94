package io.revcycle.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.revcycle.kernel.InvalidInput;

/**
 * When a tenant works: a time zone, working days and hours, holidays. Durations in
 * business time count only working time.
 *
 * @param timeZone an IANA time zone such as {@code Europe/Berlin}
 * @param workingDays the working days
 * @param start the start of the working day
 * @param end the end of the working day
 * @param holidays days off
 */
public record BusinessCalendar(String timeZone, List<DayOfWeek> workingDays, LocalTime start, LocalTime end,
		List<LocalDate> holidays) {

	/** Monday to Friday, 9:00 to 17:00 UTC. */
	public static BusinessCalendar defaults() {
		return new BusinessCalendar("UTC",
				List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
				LocalTime.of(9, 0), LocalTime.of(17, 0), List.of());
	}

	/** Checks the calendar, recording each problem under {@code calendar.*}. */
	public void validate(InvalidInput.Collector problems) {
		try {
			ZoneId.of(this.timeZone);
		}
		catch (RuntimeException ex) {
			problems.add("calendar.timeZone", "'" + this.timeZone + "' is not a time zone such as Europe/Berlin");
		}
		problems.check(this.workingDays == null || this.workingDays.isEmpty(), "calendar.workingDays",
				"at least one working day is required");
		problems.check(this.start == null || this.end == null || !this.start.isBefore(this.end), "calendar",
				"start must be before end");
		problems.check(this.holidays != null && this.holidays.size() > 1000, "calendar.holidays",
				"at most 1000 holidays");
	}

	/** The instant that is {@code duration} of working time after {@code from}. */
	public Instant plusBusinessTime(Instant from, Duration duration) {
		ZonedDateTime cursor = from.atZone(ZoneId.of(this.timeZone));
		Duration remaining = duration;
		for (int guard = 0; guard < 3660; guard++) {
			LocalDate day = cursor.toLocalDate();
			if (!working(day) || !cursor.toLocalTime().isBefore(this.end)) {
				cursor = day.plusDays(1).atTime(this.start).atZone(cursor.getZone());
				continue;
			}
			if (cursor.toLocalTime().isBefore(this.start)) {
				cursor = day.atTime(this.start).atZone(cursor.getZone());
			}
			Duration available = Duration.between(cursor.toLocalTime(), this.end);
			if (remaining.compareTo(available) <= 0) {
				return cursor.plus(remaining).toInstant();
			}
			remaining = remaining.minus(available);
			cursor = day.plusDays(1).atTime(this.start).atZone(cursor.getZone());
		}
		throw new IllegalStateException("No working time in ten years: check the calendar");
	}

	private boolean working(LocalDate day) {
		return this.workingDays.contains(day.getDayOfWeek()) && (this.holidays == null || !this.holidays.contains(day));
	}

}
