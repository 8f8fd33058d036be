package dev.vlmconsole.keys.verify;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The hot path's reads of the key store (cache misses): each runs on a worker thread and is given up
 * after a short time-out, so neither a dead connection nor the pool's connection time-out holds a
 * verification. While {@link KeyStoreHealth} says the store is down, a read is refused at once and
 * tries the store in the background instead (one such probe at a time), so a node recovers even
 * without a change feed. Either way the caller gets {@link KeyStoreUnavailableException} (answered 503).
 */
public final class KeyStoreReads implements AutoCloseable {

    /** More workers than the web server has threads: a read is refused only when many hang. */
    private static final int MAX_WORKERS = 256;

    private final KeyStoreHealth health;
    private final ThreadPoolExecutor workers;
    private final long timeoutNanos;

    private KeyStoreReads(KeyStoreHealth health, ThreadPoolExecutor workers, Duration timeout) {
        this.health = health;
        this.workers = workers;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Reads on the caller's thread, without a time-out or a circuit (H2 in the process, tests, benchmarks). */
    public static KeyStoreReads direct() {
        return new KeyStoreReads(new KeyStoreHealth(), null, Duration.ZERO);
    }

    /** Reads bounded by {@code timeout} and by {@code health}. */
    public static KeyStoreReads bounded(KeyStoreHealth health, Duration timeout) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                0,
                MAX_WORKERS,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("key-store-read-", 0).factory());
        return new KeyStoreReads(health, workers, timeout);
    }

    <T> T read(Supplier<T> read) {
        if (workers == null) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                throw new KeyStoreUnavailableException(e);
            }
        }
        if (health.isDown()) {
            probe(read);
            throw new KeyStoreUnavailableException("the key store is unreachable");
        }
        Future<T> answer;
        try {
            answer = workers.submit(() -> attempt(read));
        } catch (RejectedExecutionException e) {
            throw new KeyStoreUnavailableException(e);
        }
        try {
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            health.down(new TimeoutException(
                    "no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms"));
            throw new KeyStoreUnavailableException(e);
        } catch (ExecutionException e) {
            throw new KeyStoreUnavailableException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException(e);
        }
    }

    /** Tries the store in the background, unless a probe is already waiting for it; nobody waits for the answer. */
    private <T> void probe(Supplier<T> read) {
        if (!health.tryProbe()) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    attempt(read);
                } catch (RuntimeException ignored) {
                    // the store is still down: health says so
                } finally {
                    health.probeDone();
                }
            });
        } catch (RejectedExecutionException e) {
            health.probeDone();
        }
    }

    private <T> T attempt(Supplier<T> read) {
        try {
            T value = read.get();
            if (health.isDown()) {
                health.up();
            }
            return value;
        } catch (RuntimeException e) {
            if (KeyStoreHealth.unreachable(e)) {
                health.down(e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
