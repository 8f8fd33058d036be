package dev.vlmconsole.keys.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets shared by every node through a Bucket4j {@link ProxyManager} (a table in
 * PostgreSQL), without a database round trip per verification: each node takes tokens from the
 * shared bucket in leases and hands them out from memory.
 *
 * <p>A lease belongs to the bucket's current window and is dropped when the window ends, so every
 * admitted request was taken from the shared bucket in its own window: all nodes together never
 * admit more than the limit, and one node alone admits exactly the limit. The price is the other
 * way round: tokens leased by one node and not used yet are not available to the others, so a node
 * may refuse while the window still has tokens leased elsewhere: at most 1/32 of the limit per
 * other node, plus the quarter of a lease left when the next one is taken (see DD004). A lease
 * starts at one token, doubles each time one is taken in full, up to {@link #maxLease(long) 1/32
 * of the limit}, and halves after a window that ended with tokens unused. Below a limit of 64
 * every lease is one token, so admissions happen in the order the store sees them.
 *
 * <p>The caller waits for the database only when its node holds no token of the current window:
 * at the first request of a window, and while a lease is still growing. Once leases are eight
 * tokens or more, the next one is fetched in the background when a quarter is left. Once the
 * shared bucket is empty, the node refuses from memory until the window ends.
 *
 * <p>Every store call runs on a background thread and the caller waits at most
 * {@link #maxWait}: a database that stopped answering (a black-holed link, before the change feed
 * notices) costs a verification that long, never the pool's or the socket's time-out. A lease
 * fetch that outlives the wait is abandoned, so the next caller starts a fresh one; its tokens, if
 * it ever completes, still join the lease.
 */
final class SharedBuckets {

    private static final Logger log = LoggerFactory.getLogger(SharedBuckets.class);

    /** Leases at least this large are renewed in the background before they run out. */
    static final long PREFETCH_FROM = 8;

    private final ProxyManager<String> store;
    private final TimeMeter time;
    private final Duration maxWait;
    /** Renews leases off the verification threads; each renewal is one short transaction. */
    private final Executor background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("rate-limit-lease-", 0).factory());

    private final Cache<String, Lease> leases = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(2))
            .executor(Runnable::run)
            .build();

    /**
     * @param store the shared buckets
     * @param time  the clock of the store's buckets ({@link TimeMeter#SYSTEM_MILLISECONDS} unless the
     *              store was given a client clock)
     */
    SharedBuckets(ProxyManager<String> store, TimeMeter time) {
        this(store, time, Duration.ofSeconds(1));
    }

    /** @param maxWait how long a caller waits for the store before {@link StoreTimeoutException} */
    SharedBuckets(ProxyManager<String> store, TimeMeter time, Duration maxWait) {
        this.store = store;
        this.time = time;
        this.maxWait = maxWait;
    }

    /** The store did not answer within the wait; the caller limits on its own node meanwhile. */
    static final class StoreTimeoutException extends RuntimeException {
        StoreTimeoutException(Duration waited) {
            super("The shared rate-limit store did not answer within " + waited.toMillis() + " ms");
        }
    }

    /** The most tokens one lease takes from a bucket of {@code capacity}. */
    static long maxLease(long capacity) {
        return Math.max(1, capacity / 32);
    }

    /**
     * Takes one token of the bucket {@code key}, from this node's lease when it holds one.
     *
     * @throws RuntimeException when the store cannot be reached and this node holds no token
     */
    ConsumptionProbe tryConsume(String key, BucketConfiguration configuration) {
        Lease lease = leases.get(key, k -> new Lease(maxLease(configuration.getBandwidths()[0].getCapacity())));
        while (true) {
            CompletableFuture<Void> pending;
            boolean mine = false;
            synchronized (lease) {
                long now = time.currentTimeNanos();
                lease.expireAt(now);
                if (lease.tokens > 0) {
                    lease.tokens--;
                    if (lease.shouldRenew()) {
                        CompletableFuture<Void> renewal = lease.renewal = new CompletableFuture<>();
                        background.execute(() -> fetch(key, configuration, lease, renewal));
                    }
                    return ConsumptionProbe.consumed(lease.remaining(), lease.windowEnd - now);
                }
                if (lease.exhausted) {
                    long wait = lease.windowEnd - now;
                    return ConsumptionProbe.rejected(0, wait, wait);
                }
                if (lease.renewal == null) {
                    lease.renewal = new CompletableFuture<>();
                    mine = true;
                }
                pending = lease.renewal;
            }
            if (mine) {
                background.execute(() -> fetch(key, configuration, lease, pending));
            }
            try {
                await(pending);
            } catch (StoreTimeoutException e) {
                synchronized (lease) {
                    if (lease.renewal == pending) {
                        lease.renewal = null; // abandoned: the next caller tries afresh
                    }
                }
                throw e;
            }
        }
    }

    /** Waits for a store call at most {@link #maxWait}; its failure is rethrown as it was. */
    private <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new StoreTimeoutException(maxWait);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreTimeoutException(maxWait);
        }
    }

    /**
     * What is left of the bucket's window and the nanoseconds until it ends, without taking
     * anything: from this node's lease when it holds one of the current window, else from the store.
     */
    Window peek(String key, BucketConfiguration configuration) {
        Lease lease = leases.getIfPresent(key);
        if (lease != null) {
            synchronized (lease) {
                long now = time.currentTimeNanos();
                lease.expireAt(now);
                if (lease.windowEnd > now) {
                    return new Window(lease.remaining(), lease.windowEnd - now);
                }
            }
        }
        VerboseResult<Long> read = await(CompletableFuture.supplyAsync(
                () -> store.builder()
                        .build(key, () -> configuration)
                        .asVerbose()
                        .getAvailableTokens(),
                background));
        long untilFull = read.getValue() >= configuration.getBandwidths()[0].getCapacity()
                ? 0
                : read.getDiagnostics().calculateFullRefillingTime();
        return new Window(Math.max(0, read.getValue()), untilFull);
    }

    /** What is left of a window and the nanoseconds until the window is full again. */
    record Window(long remaining, long nanosToReset) {}

    /** Takes the next lease from the store; completes {@code done} either way. */
    private void fetch(String key, BucketConfiguration configuration, Lease lease, CompletableFuture<Void> done) {
        long size;
        synchronized (lease) {
            size = lease.size;
        }
        try {
            VerboseResult<Long> taken =
                    store.builder().build(key, () -> configuration).asVerbose().tryConsumeAsMuchAsPossible(size);
            long windowEnd =
                    taken.getOperationTimeNanos() + taken.getDiagnostics().calculateFullRefillingTime();
            synchronized (lease) {
                lease.add(taken.getValue(), taken.getDiagnostics().getAvailableTokens(), windowEnd);
                if (lease.renewal == done) {
                    lease.renewal = null;
                }
            }
            done.complete(null);
        } catch (RuntimeException | Error e) {
            synchronized (lease) {
                if (lease.renewal == done) {
                    lease.renewal = null;
                }
            }
            log.debug("Could not take a rate-limit lease for {}", key, e);
            done.completeExceptionally(e);
        }
    }

    /** This node's tokens of one shared bucket, all of one window. Guarded by its own monitor. */
    private static final class Lease {
        final long maxSize;
        long size = 1;
        long tokens;
        long sharedRemaining;
        long windowEnd = Long.MIN_VALUE;
        boolean exhausted;
        CompletableFuture<Void> renewal;

        Lease(long maxSize) {
            this.maxSize = maxSize;
        }

        /** Drops what is left when the window has ended; a lease left half used shrinks. */
        void expireAt(long now) {
            if (now < windowEnd || windowEnd == Long.MIN_VALUE) {
                return;
            }
            if (tokens > 0) {
                size = Math.max(1, size / 2);
            }
            tokens = 0;
            sharedRemaining = 0;
            exhausted = false;
            windowEnd = Long.MIN_VALUE;
        }

        boolean shouldRenew() {
            return renewal == null && !exhausted && size >= PREFETCH_FROM && tokens <= size / 4;
        }

        long remaining() {
            return tokens + sharedRemaining;
        }

        void add(long taken, long leftInStore, long end) {
            if (end != windowEnd) {
                // the first lease of a window: what was held belonged to the previous one
                tokens = 0;
            }
            windowEnd = end;
            sharedRemaining = Math.max(0, leftInStore);
            tokens += taken;
            exhausted = taken == 0;
            if (taken > 0 && taken == size) {
                size = Math.min(maxSize, size * 2);
            }
        }
    }
}
