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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * counts for the next one.
 *
 * <p>At shutdown the counts are first kept in a file of the data folder, then written to the database
 * in one transaction that also records the file's id, retried with back-off for a few seconds; the file
 * is deleted once that transaction has committed. Each attempt runs on a worker thread and is waited for
 * only until the retry budget is spent, so a database that hangs (a pool waiting its whole connection
 * time-out, a dead socket) cannot hold the shutdown past the budget, where an orchestrator would kill the
 * process. A file left behind is written at the next start (or the next flush that reaches the database),
 * exactly once: if the abandoned attempt commits after all, its recorded id makes the replay a no-op.
 */
public final class UsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILE_PREFIX = "usage-unwritten-";
    private static final String FILE_SUFFIX = ".jsonl";

    private record Slot(UUID keyId, LocalDate day) {}

    /** One line of a file of usage kept at shutdown. */
    record Unwritten(UUID keyId, LocalDate day, long requests, Instant lastUsed) {}

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
    private final ZoneId dayZone;
    /** The day {@link #record} counts in now and the epoch milliseconds it spans, [start, end). */
    private volatile Today today = new Today(LocalDate.MIN, 0, 0);
    /** When the last flush that wrote every count began: counts older than that are written (DD032). */
    private volatile long writtenUpTo;

    private final LongAdder flushFailures = new LongAdder();

    private record Today(LocalDate day, long startMillis, long endMillis) {}

    public UsageRecorder(KeyRepository keys, TransactionTemplate tx, Clock clock) {
        this(keys, tx, clock, null, Duration.ofSeconds(5), new KeyStoreHealth());
    }

    /** Counts in UTC days. */
    public UsageRecorder(
            KeyRepository keys,
            TransactionTemplate tx,
            Clock clock,
            Path keptDir,
            Duration finalFlushRetry,
            KeyStoreHealth health) {
        this(keys, tx, clock, keptDir, finalFlushRetry, health, ZoneOffset.UTC);
    }

    /**
     * @param keptDir         where usage that cannot be written at shutdown is kept (null: only logged)
     * @param finalFlushRetry how long the flush at shutdown is retried and waited for (zero: the counts are
     *                        kept in the file at once)
     * @param health          while it says the database is down, the flush at shutdown does not wait for a
     *                        connection (that could take the pool's whole time-out) but keeps the counts at once
     * @param dayZone         whose calendar days requests are counted in: {@code UsageQueries.dayZone()}, the
     *                        billing time zone, so that requests and credits fall on the same days
     */
    public UsageRecorder(
            KeyRepository keys,
            TransactionTemplate tx,
            Clock clock,
            Path keptDir,
            Duration finalFlushRetry,
            KeyStoreHealth health,
            ZoneId dayZone) {
        this.dayZone = dayZone;
        this.health = health;
        this.keys = keys;
        this.tx = tx;
        this.clock = clock;
        this.keptDir = keptDir;
        this.finalFlushRetry = finalFlushRetry;
        this.writtenUpTo = clock.millis();
    }

    /** Counts one verified request of {@code keyId} now. */
    public void record(UUID keyId) {
        long now = clock.millis();
        Counter c = pending.computeIfAbsent(new Slot(keyId, dayOf(now)), s -> new Counter());
        c.requests.increment();
        if (c.lastUsed.get() < now) { // a plain read first: most calls in the same millisecond write nothing
            c.lastUsed.accumulateAndGet(now, Math::max);
        }
    }

    /** The day of {@code millis} in the day zone; computed once per day, not per request. */
    private LocalDate dayOf(long millis) {
        Today t = today;
        if (millis >= t.startMillis() && millis < t.endMillis()) {
            return t.day();
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), dayZone);
        long start = day.atStartOfDay(dayZone).toInstant().toEpochMilli();
        long end = day.plusDays(1).atStartOfDay(dayZone).toInstant().toEpochMilli();
        today = new Today(day, start, end);
        return day;
    }

    /** Writes what has been counted since the last flush, and any usage kept by an earlier run. */
    @Scheduled(fixedDelayString = "${console.keys.usage-flush-ms:5000}")
    public void flush() {
        long started = clock.millis();
        if (writeCounts()) {
            writtenUpTo = started;
            if (keptFiles) {
                writeKeptFiles();
            }
        }
    }

    /** Requests counted in memory and not yet written to the database. */
    public long unwritten() {
        long n = 0;
        for (Counter c : pending.values()) {
            n += c.requests.sum();
        }
        return n;
    }

    /**
     * How long the oldest request count not yet written may have waited, in seconds: since the start of
     * the last flush that wrote everything, while counts are waiting; 0 when none is. With the database
     * reachable it stays below the flush interval; it grows while flushes fail.
     */
    public double flushLagSeconds() {
        if (unwritten() == 0) {
            return 0;
        }
        return Math.max(0, clock.millis() - writtenUpTo) / 1000.0;
    }

    /** Flushes that could not write the counts (they are kept for the next one). */
    public long flushFailures() {
        return flushFailures.sum();
    }

    /** Whether everything counted so far was written. */
    private boolean writeCounts() {
        for (Map.Entry<Slot, Counter> e : pending.entrySet()) {
            Counter c = e.getValue();
            long n = c.requests.sumThenReset(); // each cell is swapped atomically: no increment is lost
            if (n == 0) {
                if (!e.getKey().day().equals(LocalDate.now(clock.withZone(dayZone)))) {
                    pending.remove(e.getKey(), c);
                }
                continue;
            }
            try {
                tx.executeWithoutResult(s ->
                        keys.addUsage(e.getKey().keyId(), e.getKey().day(), n, Instant.ofEpochMilli(c.lastUsed.get())));
            } catch (RuntimeException ex) {
                c.requests.add(n);
                flushFailures.increment();
                log.warn("Could not record key usage ({}); will retry", ex.getMessage());
                return false;
            }
        }
        return true;
    }

    @Override
    public void start() {
        running = true;
        writeKeptFiles();
    }

    @Override
    public void stop() {
        try {
            finalFlush();
        } finally {
            running = false;
        }
    }

    /**
     * Keeps the counts in a file before anything else (a kill during the attempts loses nothing), then
     * writes them with the file's id until the retry budget is spent, and deletes the file once written.
     */
    private void finalFlush() {
        List<Unwritten> lines = drain();
        if (lines.isEmpty()) {
            return;
        }
        UUID batch = UUID.randomUUID();
        Path file = keep(batch, lines);
        if (!health.isDown() && writeBeforeDeadline(batch, lines)) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) { // harmless: its id is recorded, so the next start only deletes it
                    log.warn("Could not delete {} ({}); the next start will", file, e.getMessage());
                }
            }
            return;
        }
        if (file != null) {
            log.warn(
                    "Could not write the usage of {} keys at shutdown; kept in {} for the next start",
                    lines.size(),
                    file);
        } else {
            lines.forEach(u -> log.error("Key usage lost at shutdown: {}", JSON.writeValueAsString(u)));
        }
    }

    /** Takes every count not yet written out of memory. */
    private List<Unwritten> drain() {
        List<Unwritten> lines = new ArrayList<>();
        pending.forEach((slot, c) -> {
            long n = c.requests.sumThenReset();
            if (n > 0) {
                lines.add(new Unwritten(slot.keyId(), slot.day(), n, Instant.ofEpochMilli(c.lastUsed.get())));
            }
        });
        return lines;
    }

    /**
     * Tries to write {@code lines} as batch {@code batch} until the retry budget is spent. Each attempt runs
     * on a daemon worker and is waited for only until the deadline: one that is still waiting for the
     * database then is abandoned, not interrupted (an interrupt can close an embedded database's files),
     * and should it commit later, the batch id it recorded keeps the kept file from being counted again.
     */
    private boolean writeBeforeDeadline(UUID batch, List<Unwritten> lines) {
        long deadline = System.nanoTime() + finalFlushRetry.toNanos();
        ExecutorService worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("key-usage-final-flush").daemon().factory());
        try {
            long backoff = 100;
            while (!Thread.currentThread().isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Future<?> attempt = worker.submit(() -> writeBatch(batch, lines));
                try {
                    attempt.get(left, TimeUnit.NANOSECONDS);
                    return true;
                } catch (ExecutionException e) {
                    log.warn(
                            "Could not record key usage at shutdown ({}); will retry",
                            e.getCause().getMessage());
                } catch (TimeoutException e) {
                    log.warn(
                            "The database did not take the key usage within {} at shutdown; giving up on it",
                            finalFlushRetry);
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                sleep(Math.min(backoff, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                backoff = Math.min(backoff * 2, 1000);
            }
            return false;
        } finally {
            worker.shutdown(); // the thread ends with its attempt; a daemon, it never holds the JVM
        }
    }

    /**
     * Writes the counts that the database did not take into a new file of the data folder named after
     * {@code batch}; the file, or null if there is no folder or it could not be written.
     */
    private Path keep(UUID batch, List<Unwritten> lines) {
        if (keptDir == null) {
            return null;
        }
        Path file = keptDir.resolve(FILE_PREFIX + batch + FILE_SUFFIX);
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
            return file;
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not keep the key usage in {} ({})", file, e.getMessage());
            return null;
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
            writeBatch(batch, lines);
            Files.deleteIfExists(file);
            log.info("Wrote the key usage kept in {}", file);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the key usage kept in {} ({}); will retry", file, e.getMessage());
            return false;
        }
    }

    /** Writes one batch in one transaction that records its id, unless a transaction already did. */
    private void writeBatch(UUID batch, List<Unwritten> lines) {
        tx.executeWithoutResult(s -> {
            if (keys.startUsageReplay(batch, clock.instant())) {
                var existing =
                        keys.existing(lines.stream().map(Unwritten::keyId).toList());
                for (Unwritten u : lines) {
                    if (existing.contains(u.keyId())) {
                        keys.addUsage(u.keyId(), u.day(), u.requests(), u.lastUsed());
                    } else { // deleted since, or kept by an install on another database: never writable here
                        log.warn("Dropped kept usage of key {}, which this database does not have", u.keyId());
                    }
                }
            }
        });
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
