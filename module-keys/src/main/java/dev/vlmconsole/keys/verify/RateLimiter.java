package dev.vlmconsole.keys.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vlmconsole.api.services.Entitlements;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-workspace rate limits with Bucket4j: {@code limit} requests per window, refilled whole at
 * the end of each window, so exactly {@code limit} calls pass per window however many threads ask.
 * With a {@link ProxyManager} (PostgreSQL) the buckets live in the database and hold across nodes,
 * taken in leases by {@link SharedBuckets}; without one, or while the database is unreachable, each
 * node keeps its own. While {@link KeyStoreHealth} says the database is down, the shared buckets are
 * not even tried, so an outage never makes a verification wait for a connection.
 *
 * In memory on one node, leased from PostgreSQL across nodes: DD004
 * ({@code docs/decisions/DD004-rate-limits-across-nodes.md}).
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final SharedBuckets shared;
    private final Cache<String, Bucket> local = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(2))
            .executor(Runnable::run)
            .build();
    private final Clock clock;
    private final TimeMeter time;
    private final KeyStoreHealth health;

    /** @param shared buckets in the database, or null to keep them in this node's memory */
    public RateLimiter(ProxyManager<String> shared, Clock clock) {
        this(shared, clock, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** @param health consulted before the shared buckets, and told when they cannot be reached */
    public RateLimiter(ProxyManager<String> shared, Clock clock, KeyStoreHealth health) {
        this(shared, clock, TimeMeter.SYSTEM_MILLISECONDS, health);
    }

    /**
     * With the time source of the buckets given: tests move it forward; {@code shared} must use the
     * same one as its client clock.
     */
    public RateLimiter(ProxyManager<String> shared, Clock clock, TimeMeter time) {
        this(shared, clock, time, new KeyStoreHealth());
    }

    RateLimiter(ProxyManager<String> shared, Clock clock, TimeMeter time, KeyStoreHealth health) {
        this.shared = shared == null ? null : new SharedBuckets(shared, time);
        this.clock = clock;
        this.time = time;
        this.health = health;
    }

    /** The outcome of one attempt. */
    public record Outcome(boolean allowed, RateLimitStatus status) {}

    /** Takes one request from the workspace's window, if any is left. */
    public Outcome tryConsume(UUID workspaceId, Entitlements plan) {
        long limit = plan.requestsAllowed();
        long now = clock.millis();
        if (limit <= 0) {
            return new Outcome(
                    false, new RateLimitStatus(0, 0, now + plan.period().toMillis()));
        }
        ConsumptionProbe probe;
        try {
            probe = useShared()
                    ? shared.tryConsume(key(workspaceId, plan), configuration(plan))
                    : localBucket(workspaceId, plan).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (shared == null) {
                throw e;
            }
            noteFailure(e);
            log.warn("Shared rate-limit store unavailable ({}); limiting on this node", e.getMessage());
            probe = localBucket(workspaceId, plan).tryConsumeAndReturnRemaining(1);
        }
        long reset = now + Math.max(1, probe.getNanosToWaitForReset() / 1_000_000);
        return new Outcome(probe.isConsumed(), new RateLimitStatus(limit, probe.getRemainingTokens(), reset));
    }

    /** The workspace's window without taking anything from it. */
    public RateLimitStatus peek(UUID workspaceId, Entitlements plan) {
        long limit = plan.requestsAllowed();
        long now = clock.millis();
        if (limit <= 0) {
            return new RateLimitStatus(0, 0, now + plan.period().toMillis());
        }
        RateLimitStatus status;
        try {
            status = useShared()
                    ? window(shared.peek(key(workspaceId, plan), configuration(plan)), plan, now)
                    : window(localBucket(workspaceId, plan), plan, now);
        } catch (RuntimeException e) {
            if (shared == null) {
                throw e;
            }
            noteFailure(e);
            status = window(localBucket(workspaceId, plan), plan, now);
        }
        return status;
    }

    private boolean useShared() {
        return shared != null && !health.isDown();
    }

    /**
     * A store that cannot be reached, or did not answer within the wait, opens the circuit: calls go
     * to local buckets (and cache misses answer 503) until the change feed's next round trip or a
     * probe succeeds, instead of every request starting another fetch on a struggling pool.
     */
    private void noteFailure(RuntimeException e) {
        if (KeyStoreHealth.unreachable(e) || e instanceof SharedBuckets.StoreTimeoutException) {
            health.down(e);
        }
    }

    /** What is left of a bucket's window, and when it is full again, without taking anything. */
    private static RateLimitStatus window(Bucket bucket, Entitlements plan, long now) {
        long full = capacity(plan);
        long available = Math.max(0, bucket.getAvailableTokens());
        long untilFull =
                available >= full ? 0 : bucket.estimateAbilityToConsume(full).getNanosToWaitForRefill();
        return new RateLimitStatus(plan.requestsAllowed(), available, now + untilFull / 1_000_000);
    }

    private static RateLimitStatus window(SharedBuckets.Window window, Entitlements plan, long now) {
        return new RateLimitStatus(plan.requestsAllowed(), window.remaining(), now + window.nanosToReset() / 1_000_000);
    }

    private Bucket localBucket(UUID workspaceId, Entitlements plan) {
        return local.get(
                key(workspaceId, plan),
                k -> Bucket.builder()
                        .withCustomTimePrecision(time)
                        .addLimit(l -> l.capacity(capacity(plan)).refillIntervally(capacity(plan), plan.period()))
                        .build());
    }

    /** A plan change gets a fresh bucket: the key names the limit. */
    static String key(UUID workspaceId, Entitlements plan) {
        return workspaceId + ":" + plan.requestsAllowed() + "/" + plan.period().toMillis();
    }

    private static BucketConfiguration configuration(Entitlements plan) {
        long n = capacity(plan);
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(n).refillIntervally(n, plan.period()))
                .build();
    }

    /** Bucket4j refills at most one token a nanosecond; larger limits mean "unlimited" anyway. */
    static long capacity(Entitlements plan) {
        return Math.min(plan.requestsAllowed(), Math.max(1, plan.period().toNanos()));
    }
}
