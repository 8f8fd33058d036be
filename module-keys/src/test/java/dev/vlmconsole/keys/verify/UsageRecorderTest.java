package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class UsageRecorderTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    final LocalDate today = LocalDate.of(2026, 6, 1);
    final KeyRepository repo = mock(KeyRepository.class);
    final TransactionTemplate tx = mock(TransactionTemplate.class);
    final UUID key = UUID.randomUUID();

    @TempDir
    Path dataDir;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void transactionsRunTheirCallback() {
        Mockito.doAnswer(inv -> {
                    ((Consumer<TransactionStatus>) inv.getArgument(0)).accept(new SimpleTransactionStatus());
                    return null;
                })
                .when(tx)
                .executeWithoutResult(any());
        when(repo.startUsageReplay(any(), any())).thenReturn(true);
        when(repo.existing(any())).thenAnswer(inv -> Set.copyOf(inv.<Collection<UUID>>getArgument(0)));
    }

    /** Lets a transaction stuck in {@link #aDatabaseThatHangs} go on, so that no test leaves a thread waiting. */
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHungTransactions() {
        release.countDown();
    }

    private UsageRecorder recorder(Duration retry) {
        return new UsageRecorder(repo, tx, clock, dataDir, retry, new KeyStoreHealth());
    }

    private List<Path> keptFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.toList();
        }
    }

    @Test
    void the_flush_at_shutdown_retries_until_the_database_answers() throws Exception {
        doThrow(new DataAccessResourceFailureException("down"))
                .doThrow(new DataAccessResourceFailureException("down"))
                .doNothing()
                .when(repo)
                .addUsage(any(), any(), anyLong(), any());
        UsageRecorder usage = recorder(Duration.ofSeconds(5));
        usage.start();
        for (int i = 0; i < 3; i++) {
            usage.record(key);
        }
        usage.stop();
        verify(repo, times(3)).addUsage(eq(key), eq(today), eq(3L), any());
        assertThat(keptFiles()).as("nothing left to write at the next start").isEmpty();
    }

    @Test
    void what_cannot_be_written_at_shutdown_is_kept_and_written_once_at_the_next_start() throws Exception {
        doThrow(new DataAccessResourceFailureException("down")).when(repo).addUsage(any(), any(), anyLong(), any());
        UsageRecorder before = recorder(Duration.ofMillis(300));
        before.start();
        for (int i = 0; i < 3; i++) {
            before.record(key);
        }
        before.stop();
        assertThat(keptFiles()).hasSize(1);
        Path kept = keptFiles().getFirst();
        byte[] content = Files.readAllBytes(kept);

        Mockito.reset(repo);
        doNothing().when(repo).addUsage(any(), any(), anyLong(), any());
        when(repo.startUsageReplay(any(), any())).thenReturn(true, false);
        when(repo.existing(any())).thenReturn(Set.of(key));
        recorder(Duration.ZERO).start();
        verify(repo).addUsage(eq(key), eq(today), eq(3L), eq(clock.instant()));
        assertThat(keptFiles()).as("deleted once written").isEmpty();

        Files.write(kept, content); // the file came back (a crash before it was deleted)
        recorder(Duration.ZERO).start();
        verify(repo, times(1)).addUsage(any(), any(), anyLong(), any());
        assertThat(keptFiles()).isEmpty();
    }

    @Test
    void while_the_database_is_known_down_the_last_flush_does_not_wait_for_it() throws Exception {
        KeyStoreHealth health = new KeyStoreHealth();
        health.down(new IllegalStateException("test"));
        UsageRecorder usage = new UsageRecorder(repo, tx, clock, dataDir, Duration.ofMinutes(5), health);
        usage.record(key);
        long t = System.nanoTime();
        usage.stop();
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
        verify(repo, never()).addUsage(any(), any(), anyLong(), any());
        assertThat(keptFiles()).hasSize(1);
    }

    /**
     * A database (table {@code api_key_usage_replays} and the request counts) whose transactions, while
     * {@code hang} is set, wait for {@link #release} before they run, like a pool waiting its whole
     * connection time-out for a database that died or a query on a dead socket; then they commit.
     */
    private final class HangingDatabase {
        final AtomicBoolean hang = new AtomicBoolean(true);
        final Set<UUID> replays = ConcurrentHashMap.newKeySet();
        final AtomicLong requests = new AtomicLong();
        final CountDownLatch hungDone = new CountDownLatch(1);

        @SuppressWarnings("unchecked")
        HangingDatabase() {
            Mockito.reset(repo, tx);
            doAnswer(inv -> {
                        boolean hung = hang.get();
                        if (hung) {
                            release.await();
                        }
                        try {
                            ((Consumer<TransactionStatus>) inv.getArgument(0)).accept(new SimpleTransactionStatus());
                        } finally {
                            if (hung) {
                                hungDone.countDown();
                            }
                        }
                        return null;
                    })
                    .when(tx)
                    .executeWithoutResult(any());
            when(repo.startUsageReplay(any(), any())).thenAnswer(inv -> replays.add(inv.getArgument(0)));
            when(repo.existing(any())).thenAnswer(inv -> Set.copyOf(inv.<Collection<UUID>>getArgument(0)));
            doAnswer(inv -> requests.addAndGet(inv.<Long>getArgument(2)))
                    .when(repo)
                    .addUsage(any(), any(), anyLong(), any());
        }
    }

    private UsageRecorder stopWhileTheDatabaseHangs(HangingDatabase db) {
        UsageRecorder usage = recorder(Duration.ofMillis(500));
        usage.start();
        for (int i = 0; i < 3; i++) {
            usage.record(key);
        }
        long t = System.nanoTime();
        assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> usage.stop(), "the shutdown waited for the hung database");
        assertThat((System.nanoTime() - t) / 1_000_000)
                .as("ms to stop with a retry budget of 500 ms")
                .isLessThan(2000);
        assertThat(usage.isRunning()).isFalse();
        assertThat(db.requests.get()).isZero();
        return usage;
    }

    @Test
    void a_last_flush_stuck_on_the_database_ends_within_the_retry_budget_and_keeps_the_counts_in_the_file()
            throws Exception {
        HangingDatabase db = new HangingDatabase();
        stopWhileTheDatabaseHangs(db);
        assertThat(keptFiles()).hasSize(1);
        assertThat(Files.readAllLines(keptFiles().getFirst()))
                .singleElement()
                .asString()
                .contains(key.toString())
                .contains("\"requests\":3");

        db.hang.set(false); // the next start, the database is back: the file is written once
        recorder(Duration.ZERO).start();
        assertThat(db.requests.get()).isEqualTo(3);
        assertThat(keptFiles()).isEmpty();

        release.countDown(); // the abandoned attempt of the last run gets its connection after all
        assertThat(db.hungDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(db.requests.get()).as("counted exactly once").isEqualTo(3);
    }

    @Test
    void a_last_flush_abandoned_at_the_deadline_that_commits_after_all_is_not_counted_again() throws Exception {
        HangingDatabase db = new HangingDatabase();
        stopWhileTheDatabaseHangs(db);
        assertThat(keptFiles()).hasSize(1);
        Path kept = keptFiles().getFirst();
        byte[] content = Files.readAllBytes(kept);

        release.countDown(); // the abandoned attempt commits after all
        assertThat(db.hungDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(db.requests.get()).isEqualTo(3);

        db.hang.set(false);
        if (!Files.exists(kept)) {
            Files.write(kept, content); // as if the process had been killed right after that commit
        }
        recorder(Duration.ZERO).start();
        assertThat(db.requests.get()).as("counted exactly once").isEqualTo(3);
        assertThat(keptFiles()).isEmpty();
    }

    @Test
    void requests_are_counted_in_the_days_of_the_billing_zone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin"); // UTC+2 in June
        MutableClock at = new MutableClock(Instant.parse("2026-06-01T21:59:00Z")); // 23:59 in Berlin
        UsageRecorder usage = new UsageRecorder(repo, tx, at, dataDir, Duration.ZERO, new KeyStoreHealth(), berlin);
        usage.record(key);
        at.advance(Duration.ofMinutes(1)); // midnight in Berlin, still June 1 in UTC
        usage.record(key);
        usage.record(key);

        usage.flush();

        verify(repo).addUsage(eq(key), eq(LocalDate.of(2026, 6, 1)), eq(1L), any());
        verify(repo).addUsage(eq(key), eq(LocalDate.of(2026, 6, 2)), eq(2L), any());
    }
}
