package dev.vlmconsole.billing.usage;

import dev.vlmconsole.api.InvalidInputException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what usage ingestion did, around another {@link UsageIngestion}: {@code
 * console.billing.usage.events} with tag {@code outcome}: {@code accepted} (recorded now),
 * {@code duplicate} (a replay of an event recorded before) and {@code refused} (in a call refused as
 * invalid, which records nothing). Every outcome is registered from the start (DD032).
 */
public final class MeteredUsageIngestion implements UsageIngestion, MeterBinder {

    private final UsageIngestion ingestion;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public MeteredUsageIngestion(UsageIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    public Result ingest(List<Event> events) {
        Result result;
        try {
            result = ingestion.ingest(events);
        } catch (InvalidInputException e) {
            refused.add(events.size());
            throw e;
        }
        accepted.add(result.accepted());
        duplicates.add(result.duplicates());
        return result;
    }

    /** Events recorded so far. */
    public long accepted() {
        return accepted.sum();
    }

    /** Replayed events answered as duplicates so far. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Events of calls refused as invalid so far. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, "accepted", accepted);
        register(registry, "duplicate", duplicates);
        register(registry, "refused", refused);
    }

    private static void register(MeterRegistry registry, String outcome, LongAdder count) {
        FunctionCounter.builder("console.billing.usage.events", count, LongAdder::sum)
                .description("usage events reported by the gateway, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
