package io.revcycle.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import io.revcycle.kernel.InvalidInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Business time: only working hours of working days count, in the tenant's time zone. */
class BusinessCalendarTests {

	private final BusinessCalendar utc = BusinessCalendar.defaults();

	@Test
	void fourBusinessHoursFromFridayAfternoonEndOnMondayNoon() {
		assertThat(this.utc.plusBusinessTime(Instant.parse("2026-11-27T16:00:00Z"), Duration.ofHours(4)))
			.isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
	}

	@Test
	void timeBeforeTheWorkingDayStartsAtItsStart() {
		assertThat(this.utc.plusBusinessTime(Instant.parse("2026-11-30T06:00:00Z"), Duration.ofHours(1)))
			.isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
	}

	@Test
	void holidaysAreSkipped() {
		BusinessCalendar withHoliday = new BusinessCalendar("UTC", this.utc.workingDays(), LocalTime.of(9, 0),
				LocalTime.of(17, 0), List.of(LocalDate.parse("2026-11-30")));
		assertThat(withHoliday.plusBusinessTime(Instant.parse("2026-11-27T16:00:00Z"), Duration.ofHours(4)))
			.isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
	}

	@Test
	void hoursAreTheTenantsOwn() {
		BusinessCalendar berlin = new BusinessCalendar("Europe/Berlin", List.of(DayOfWeek.MONDAY), LocalTime.of(9, 0),
				LocalTime.of(17, 0), List.of());
		// Monday 09:00 in Berlin is 08:00 UTC in winter
		assertThat(berlin.plusBusinessTime(Instant.parse("2026-11-30T07:00:00Z"), Duration.ofMinutes(30)))
			.isEqualTo(Instant.parse("2026-11-30T08:30:00Z"));
	}

	@Test
	void aCalendarWithoutWorkingTimeIsRefusedByName() {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		new BusinessCalendar("Mars/Olympus", List.of(), LocalTime.of(17, 0), LocalTime.of(9, 0), List.of())
			.validate(problems);
		assertThat(problems.isEmpty()).isFalse();
		try {
			problems.throwIfAny();
		}
		catch (InvalidInput ex) {
			assertThat(ex.violations()).extracting(InvalidInput.Violation::field)
				.containsExactly("calendar.timeZone", "calendar.workingDays", "calendar");
		}
	}

}
