package dev.vlmconsole.billing.plans;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Days and cycles of the billing time zone ({@code console.billing.time-zone}): a cycle is a calendar
 * month {@code [first day, first day of the next month)}; a workspace's first cycle starts the day its
 * account opens. Fees and allowances are pro-rated by days of the cycle's calendar month (DD021).
 */
public final class BillingCalendar {

    private final Clock clock;
    private final ZoneId zone;

    public BillingCalendar(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The billing time zone. */
    public ZoneId zone() {
        return zone;
    }

    /** Now. */
    public Instant now() {
        return clock.instant();
    }

    /** Today in the billing time zone. */
    public LocalDate today() {
        return dayOf(clock.instant());
    }

    /** The billing day of {@code instant}. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** The first moment of {@code day} in the billing time zone. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The first day of the cycle after the one {@code day} is in: the first of the next month. */
    public static LocalDate nextCycleStart(LocalDate day) {
        return day.withDayOfMonth(1).plusMonths(1);
    }

    /** Days of the calendar month {@code day} is in: the denominator of every pro-rating. */
    public static int monthDays(LocalDate day) {
        return YearMonth.from(day).lengthOfMonth();
    }

    /** Days from {@code from} (inclusive) to {@code to} (exclusive). */
    public static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to);
    }
}
