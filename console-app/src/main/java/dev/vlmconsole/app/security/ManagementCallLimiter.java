package dev.vlmconsole.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-key limit of authenticated machine-API calls (management calls, {@code /me}): a
 * Bucket4j bucket per key id, local to this node, so with n nodes behind a load balancer a key
 * gets at most n times the limit. A bucket idle for a whole period has refilled completely, so
 * forgetting it then loses nothing; past 100,000 keys calling within one period the least recent
 * buckets are forgotten early (they start full again), which bounds the memory to a few MB.
 */
final class ManagementCallLimiter implements MeterBinder {

    private final Cache<UUID, Bucket> buckets;
    private final Bandwidth bandwidth;
    private final LongAdder refused = new LongAdder();

    ManagementCallLimiter(long callsPerPeriod, Duration period) {
        if (callsPerPeriod < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("The management-call limit needs a positive count and period.");
        }
        this.bandwidth = Bandwidth.builder()
                .capacity(callsPerPeriod)
                .refillGreedy(callsPerPeriod, period)
                .build();
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(period)
                .maximumSize(100_000)
                .build();
    }

    /** Takes one call from the key's bucket: empty when allowed, otherwise how long to wait. */
    Optional<Duration> tryCall(UUID keyId) {
        ConsumptionProbe probe = buckets.get(
                        keyId, id -> Bucket.builder().addLimit(bandwidth).build())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Calls refused so far. */
    long refused() {
        return refused.sum();
    }

    /**
     * {@code console.key.ratelimit.refusals{limit="management"}}, beside the keys module's {@code
     * limit="workspace"} (DD032).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("console.key.ratelimit.refusals", refused, LongAdder::sum)
                .description("calls refused by a rate limit: the workspace's window (verification) or a key's"
                        + " management-call limit")
                .tag("limit", "management")
                .register(registry);
    }
}
