package dev.vlmconsole.keys.verify;

import dev.vlmconsole.keys.KeyRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts verifications per key and day in memory and writes them in batches (every few seconds
 * and at shutdown), so the hot path never waits for a database write. A failed flush keeps the
 * counts for the next one. At shutdown a failed flush is retried with back-off for a few seconds;
 * what still cannot be written is kept in a file of the data folder and written at the next start
 * (or the next flush that reaches the database), exactly once: the file's id is recorded in the
 * transaction that writes it.
 */
public final class UsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILE_PREFIX = "usage-unwritten-";
    private static final String FILE_SUFFIX = ".jsonl";

    private record Slot(UUID keyId, LocalDate day) {
    }

    /** One line of a file of usage kept at shutdown. */
    record Unwritten(UUID keyId, LocalDate day, long requests, Instant lastUsed) {
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
    private final Path keptDir;
    private final Duration finalFlushRetry;
    private final KeyStoreHealth health;
    private volatile boolean running;
    private volatile boolean keptFiles = true;

    public UsageRecorder(KeyRepository keys, TransactionTemplate tx, Clock clock) {
        this(keys, tx, clock, null, Duration.ZERO, new KeyStoreHealth());
    }

    /**
     * @param keptDir         where usage that cannot be written at shutdown is kept (null: only logged)
     * @param finalFlushRetry how long the flush at shutdown is retried
     * @param health          while it says the database is down, the flush at shutdown does not wait for a
     *                        connection (that could take the pool's whole time-out) but keeps the counts at once
     */
    public UsageRecorder(KeyRepository keys, TransactionTemplate tx, Clock clock, Path keptDir, Duration finalFlushRetry,
                         KeyStoreHealth health) {
        this.health = health;
        this.keys = keys;
        this.tx = tx;
        this.clock = clock;
        this.keptDir = keptDir;
        this.finalFlushRetry = finalFlushRetry;
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

    /** Writes what has been counted since the last flush, and any usage kept by an earlier run. */
    @Scheduled(fixedDelayString = "${console.keys.usage-flush-ms:5000}")
    public void flush() {
        if (writeCounts() && keptFiles) {
            writeKeptFiles();
        }
    }

    /** Whether everything counted so far was written. */
    private boolean writeCounts() {
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
                return false;
            }
        }
        return true;
    }

    /** Requests counted but not yet written. */
    public long unflushed() {
        return pending.values().stream().mapToLong(c -> c.requests.sum()).sum();
    }

    @Override
    public void start() {
        running = true;
        writeKeptFiles();
    }

    @Override
    public void stop() {
        long deadline = System.nanoTime() + finalFlushRetry.toNanos();
        long backoff = 100;
        while (!health.isDown() && !writeCounts() && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            sleep(Math.min(backoff, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            backoff = Math.min(backoff * 2, 1000);
        }
        if (unflushed() > 0) {
            keep();
        }
        running = false;
    }

    /** Writes the counts that the database did not take into a new file of the data folder. */
    private void keep() {
        List<Unwritten> lines = new ArrayList<>();
        pending.forEach((slot, c) -> {
            long n = c.requests.sumThenReset();
            if (n > 0) {
                lines.add(new Unwritten(slot.keyId(), slot.day(), n, Instant.ofEpochMilli(c.lastUsed.get())));
            }
        });
        if (keptDir == null) {
            lines.forEach(u -> log.error("Key usage lost at shutdown: {}", JSON.writeValueAsString(u)));
            return;
        }
        Path file = keptDir.resolve(FILE_PREFIX + UUID.randomUUID() + FILE_SUFFIX);
        try {
            Files.createDirectories(keptDir);
            Path partial = keptDir.resolve(file.getFileName() + ".partial");
            try (BufferedWriter out = Files.newBufferedWriter(partial)) {
                for (Unwritten u : lines) {
                    out.write(JSON.writeValueAsString(u));
                    out.newLine();
                }
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            log.warn("Could not write the usage of {} keys at shutdown; kept in {} for the next start", lines.size(), file);
        } catch (IOException | UncheckedIOException e) {
            lines.forEach(u -> log.error("Key usage lost at shutdown: {}", JSON.writeValueAsString(u)));
        }
    }

    /** Writes the files kept by earlier runs, each in one transaction, and deletes them. */
    private void writeKeptFiles() {
        if (keptDir == null || !Files.isDirectory(keptDir)) {
            keptFiles = false;
            return;
        }
        boolean left = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keptDir, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path file : files) {
                left |= !writeKept(file);
            }
        } catch (IOException e) {
            log.warn("Could not read the folder of kept key usage {} ({})", keptDir, e.getMessage());
            left = true;
        }
        keptFiles = left;
    }

    private boolean writeKept(Path file) {
        String name = file.getFileName().toString();
        try {
            UUID batch = UUID.fromString(name.substring(FILE_PREFIX.length(), name.length() - FILE_SUFFIX.length()));
            List<Unwritten> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readValue(line, Unwritten.class));
                }
            }
            tx.executeWithoutResult(s -> {
                if (keys.startUsageReplay(batch, clock.instant())) {
                    var existing = keys.existing(lines.stream().map(Unwritten::keyId).toList());
                    for (Unwritten u : lines) {
                        if (existing.contains(u.keyId())) {
                            keys.addUsage(u.keyId(), u.day(), u.requests(), u.lastUsed());
                        } else { // kept by an install on another database: it can never be written here
                            log.warn("Dropped kept usage of key {}, which this database does not have", u.keyId());
                        }
                    }
                }
            });
            Files.delete(file);
            log.info("Wrote the key usage kept in {}", file);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the key usage kept in {} ({}); will retry", file, e.getMessage());
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
