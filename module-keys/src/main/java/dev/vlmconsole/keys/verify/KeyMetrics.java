package dev.vlmconsole.keys.verify;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the verification hot path counts, and the keys module's meters (DD032):
 *
 * <ul>
 *   <li>{@code console.key.verifications} (tag {@code code}, every {@link VerificationCode} registered
 *       from the start): each answer of {@link KeyVerifier#verify}, so the verification API and
 *       forward-auth both count;
 *   <li>{@code console.key.cache.hits} and {@code console.key.cache.misses}: lookups answered from this
 *       node's memory (a cached state, or a hash known not to exist) and lookups that read the database;
 *       {@code console.key.cache.size}: key states held;
 *   <li>{@code console.key.ratelimit.refusals} (tag {@code limit=workspace}): verifications refused by the
 *       workspace's window ({@code RATE_LIMITED});
 *   <li>{@code console.key.usage.unwritten}, {@code console.key.usage.flush.lag} (seconds) and
 *       {@code console.key.usage.flush.failures}: requests counted in memory and not yet written, how long
 *       the oldest of them may have waited, and flushes that failed ({@link UsageRecorder}).
 * </ul>
 *
 * The hot path only adds to {@link LongAdder}s it was given at start (no tag lookup, no allocation); a
 * meter registry, when the console has one, reads them when it is scraped.
 */
public final class KeyMetrics {

    private static final VerificationCode[] CODES = VerificationCode.values();

    private final LongAdder[] verifications = new LongAdder[CODES.length];
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public KeyMetrics() {
        for (int i = 0; i < verifications.length; i++) {
            verifications[i] = new LongAdder();
        }
    }

    /** Counts {@code v}'s code and returns it. */
    Verification counted(Verification v) {
        verifications[v.code().ordinal()].increment();
        return v;
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    /** Verifications answered {@code code} so far. */
    public long verifications(VerificationCode code) {
        return verifications[code.ordinal()].sum();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The meters over these counts, {@code cache}'s size and {@code usage}'s backlog. */
    public MeterBinder binder(KeyStateCache cache, UsageRecorder usage) {
        return registry -> register(registry, cache, usage);
    }

    private void register(MeterRegistry registry, KeyStateCache cache, UsageRecorder usage) {
        for (VerificationCode code : CODES) {
            FunctionCounter.builder("console.key.verifications", verifications[code.ordinal()], LongAdder::sum)
                    .description("answers of key verification (the verification API and forward-auth), by code")
                    .tag("code", code.name())
                    .register(registry);
        }
        FunctionCounter.builder(
                        "console.key.ratelimit.refusals",
                        verifications[VerificationCode.RATE_LIMITED.ordinal()],
                        LongAdder::sum)
                .description("calls refused by a rate limit: the workspace's window (verification) or a key's"
                        + " management-call limit")
                .tag("limit", "workspace")
                .register(registry);
        FunctionCounter.builder("console.key.cache.hits", hits, LongAdder::sum)
                .description("key lookups answered from this node's memory")
                .register(registry);
        FunctionCounter.builder("console.key.cache.misses", misses, LongAdder::sum)
                .description("key lookups that read the database")
                .register(registry);
        Gauge.builder("console.key.cache.size", cache, KeyStateCache::size)
                .description("key states this node holds in memory")
                .register(registry);
        Gauge.builder("console.key.usage.unwritten", usage, UsageRecorder::unwritten)
                .description("verified requests counted in memory and not yet written to the database")
                .register(registry);
        Gauge.builder("console.key.usage.flush.lag", usage, UsageRecorder::flushLagSeconds)
                .description("age of the oldest request count not yet written (0 when none)")
                .baseUnit("seconds")
                .register(registry);
        FunctionCounter.builder("console.key.usage.flush.failures", usage, UsageRecorder::flushFailures)
                .description("flushes of request counts that failed (retried at the next one)")
                .register(registry);
    }
}
