package dev.vlmconsole.billing.usage;

import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;

import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.UsageTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * {@link UsageQueries} from the daily rollups the ingestion keeps (days of the billing time zone).
 * Credits come from ingested events; requests are the keys module's count, asked from the
 * {@link KeyCatalog}. No permission checks: the caller (the keys page's service) checked.
 */
public class RollupUsageQueries implements UsageQueries {

    private final DSLContext db;
    private final Supplier<KeyCatalog> keys;
    private final ZoneId zone;

    /** @param keys the key catalog, looked up on use; {@code null} answers: no requests */
    public RollupUsageQueries(DSLContext db, Supplier<KeyCatalog> keys, ZoneId zone) {
        this.db = db;
        this.keys = keys;
        this.zone = zone;
    }

    @Override
    public ZoneId dayZone() {
        return zone;
    }

    /**
     * Totals of each key with credits in the range (keys without usage are absent); requests are asked
     * from the key catalog for those keys.
     */
    @Override
    public Map<UUID, UsageTotals> totalsByKey(UUID workspaceId, LocalDate from, LocalDate to) {
        var t = BILLING_DAILY_KEY_USAGE;
        Map<UUID, BigDecimal> credits = new LinkedHashMap<>();
        db.select(t.KEY_ID, DSL.sum(t.CREDITS))
                .from(t)
                .where(t.WORKSPACE_ID.eq(workspaceId))
                .and(t.USAGE_DAY.between(from, to))
                .groupBy(t.KEY_ID)
                .fetch()
                .forEach(r -> credits.put(r.value1(), r.value2()));
        KeyCatalog catalog = keys.get();
        Map<UUID, UsageTotals> out = new LinkedHashMap<>();
        credits.forEach((keyId, c) -> {
            long requests = catalog == null
                    ? 0
                    : catalog.dailyRequests(workspaceId, keyId, null, from, to).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
            out.put(keyId, new UsageTotals(requests, c.stripTrailingZeros()));
        });
        return out;
    }

    @Override
    public List<DailyUsage> daily(UUID workspaceId, @Nullable UUID keyId, LocalDate from, LocalDate to) {
        Map<LocalDate, BigDecimal> credits = keyId != null
                ? DailyCredits.ofKey(db, workspaceId, keyId, from, to)
                : DailyCredits.ofWorkspace(db, workspaceId, from, to);
        KeyCatalog catalog = keys.get();
        Map<LocalDate, Long> requests =
                catalog == null ? Map.of() : catalog.dailyRequests(workspaceId, keyId, null, from, to);
        List<DailyUsage> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(new DailyUsage(
                    d,
                    new UsageTotals(
                            requests.getOrDefault(d, 0L),
                            credits.getOrDefault(d, BigDecimal.ZERO).stripTrailingZeros())));
        }
        return out;
    }
}
