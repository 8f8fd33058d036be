package dev.vlmconsole.billing.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The current workspace's usage per day, for the Billing page's chart, its CSV export and
 * {@code GET /api/v1/usage/daily}. Requires {@code billing.read}; days are days of the billing time
 * zone.
 */
public interface UsageReports {

    /** Most days one report covers. */
    int MAX_DAYS = 400;

    /**
     * One day.
     *
     * @param day      the day
     * @param requests the keys module's count of valid verifications
     * @param credits  credits of ingested usage events
     */
    record Day(LocalDate day, long requests, BigDecimal credits) {}

    /**
     * Every day between {@code from} and {@code to} (inclusive; days without usage as zeros).
     *
     * @param keyId   one key of the workspace, or {@code null} for all (another workspace's key: none
     *                found, {@link java.util.NoSuchElementException})
     * @param project one project, or {@code null} for all
     * @throws dev.vlmconsole.api.InvalidInputException when {@code from} is after {@code to} or the
     *                                                  range is longer than {@link #MAX_DAYS}
     */
    List<Day> daily(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project);

    /** The same as CSV ({@code day,requests,credits}, a header line first), UTF-8. */
    String csv(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project);

    /** The projects of the workspace's keys, for the chart's filter. */
    List<String> projects();
}
