package dev.vlmconsole.api.services;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads recorded usage. The billing module provides it; without one there is no usage.
 */
public interface UsageQueries {

    /** Totals per API key of {@code workspaceId} between the two days (UTC, inclusive). */
    Map<UUID, UsageTotals> totalsByKey(UUID workspaceId, LocalDate from, LocalDate to);

    /** One entry per day between the two days (UTC, inclusive); {@code keyId} may be null for all keys. */
    List<DailyUsage> daily(UUID workspaceId, @Nullable UUID keyId, LocalDate from, LocalDate to);
}
