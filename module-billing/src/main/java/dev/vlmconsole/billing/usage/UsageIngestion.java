package dev.vlmconsole.billing.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records usage events reported by the platform (its gateway), exactly once each. Called by
 * {@code POST /api/v1/usage} after the caller was authenticated with a platform key of scope
 * {@code usage}; no permission check here.
 */
public interface UsageIngestion {

    /** Most events per call. */
    int MAX_EVENTS = 1000;

    /**
     * One event: what one call consumed.
     *
     * @param id        unique per install (a replay with the same id is a duplicate), 1 to 100
     *                  printable characters
     * @param keyId     the workspace key that made the call; must have been issued
     * @param credits   credits consumed: 0 or more, at most 6 fractional digits
     * @param timestamp when the call happened: at most 35 days ago, at most 5 minutes ahead
     */
    record Event(String id, UUID keyId, BigDecimal credits, Instant timestamp) {}

    /**
     * What a call did.
     *
     * @param accepted   events recorded now
     * @param duplicates events recorded before (by this call's earlier try, or another)
     */
    record Result(int accepted, int duplicates) {}

    /**
     * Validates every event, then records the new ones in one transaction: the events, the ledger's
     * usage entries, the per-key, per-project and per-workspace daily rollups and the cached balances.
     * Returns only after that transaction committed. An event whose cycle was already invoiced is billed
     * in the open cycle, marked late.
     *
     * @throws dev.vlmconsole.api.InvalidInputException naming each bad event as {@code events[i].field};
     *                                                  nothing is recorded
     */
    Result ingest(List<Event> events);
}
