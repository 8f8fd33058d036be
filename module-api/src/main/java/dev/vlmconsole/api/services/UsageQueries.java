package dev.vlmconsole.api.services;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads recorded usage: the credits of ingested usage events, per key and per day. The billing module
 * provides it; without one there is no usage.
 *
 * <p><b>Days.</b> A day is a calendar day in {@link #dayZone()}, the install's billing time zone
 * ({@code console.billing.time-zone}, UTC by default): the same days as the billing cycles, the daily
 * rollups and the Billing page's chart. A module that counts something per day for the same pages (the
 * keys module's requests) counts it in the same zone.
 */
public interface UsageQueries {

    /** Totals per API key of {@code workspaceId} between the two days ({@link #dayZone()}, inclusive). */
    Map<UUID, UsageTotals> totalsByKey(UUID workspaceId, LocalDate from, LocalDate to);

    /**
     * One entry per day between the two days ({@link #dayZone()}, inclusive); {@code keyId} may be null
     * for all keys.
     */
    List<DailyUsage> daily(UUID workspaceId, @Nullable UUID keyId, LocalDate from, LocalDate to);

    /**
     * The zone whose calendar days the answers use. UTC unless the billing module is configured
     * otherwise.
     *
     * @since 1.3
     */
    default ZoneId dayZone() {
        return ZoneOffset.UTC;
    }
}
