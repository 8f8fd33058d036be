package dev.vlmconsole.keys.verify;

import dev.vlmconsole.keys.KeyRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts verifications per key and day in memory and writes them in batches (every few seconds
 * and at shutdown), so the hot path never waits for a database write. A failed flush keeps the
 * counts for the next one.
 */
public final class UsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private record Slot(UUID keyId, LocalDate day) {
    }

    /** Striped, so that threads verifying the same key do not contend on one counter. */
    private static final class Counter {
        final LongAdder requests = new LongAdder();
        final AtomicLong lastUsed = new AtomicLong();
    }

    private final Map<Slot, Counter> pending = new ConcurrentHashMap<>();
    private final KeyRepository keys;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile boolean running;

    public UsageRecorder(KeyRepository keys, TransactionTemplate tx, Clock clock) {
        this.keys = keys;
        this.tx = tx;
        this.clock = clock;
    }

    /** Counts one verified request of {@code keyId} now. */
    public void record(UUID keyId) {
        long now = clock.millis();
        Counter c = pending.computeIfAbsent(new Slot(keyId, LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L))),
                s -> new Counter());
        c.requests.increment();
        if (c.lastUsed.get() < now) { // a plain read first: most calls in the same millisecond write nothing
            c.lastUsed.accumulateAndGet(now, Math::max);
        }
    }

    /** Writes what has been counted since the last flush. */
    @Scheduled(fixedDelayString = "${console.keys.usage-flush-ms:5000}")
    public void flush() {
        for (Map.Entry<Slot, Counter> e : pending.entrySet()) {
            Counter c = e.getValue();
            long n = c.requests.sumThenReset(); // each cell is swapped atomically: no increment is lost
            if (n == 0) {
                if (!e.getKey().day().equals(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
                    pending.remove(e.getKey(), c);
                }
                continue;
            }
            try {
                tx.executeWithoutResult(s -> keys.addUsage(e.getKey().keyId(), e.getKey().day(), n,
                        Instant.ofEpochMilli(c.lastUsed.get())));
            } catch (RuntimeException ex) {
                c.requests.add(n);
                log.warn("Could not record key usage ({}); will retry", ex.getMessage());
                return;
            }
        }
    }

    /** Requests counted but not yet written. */
    public long unflushed() {
        return pending.values().stream().mapToLong(c -> c.requests.sum()).sum();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        flush();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (default phase) so that the last requests are counted. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
