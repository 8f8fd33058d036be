package dev.vlmconsole.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.ledger.Ledger.Kind;
import dev.vlmconsole.billing.usage.UsageIngestion.Event;
import dev.vlmconsole.billing.usage.UsageIngestion.Result;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage ingestion on a real database: validation, exactly-once recording, rollups, ledger, late usage. */
abstract class UsageIngestionTests {

    /** A billing zone other than UTC, so that days are the zone's and not the JVM's or UTC's. */
    static final ZoneId ZONE = ZoneId.of("America/New_York");

    static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z");

    ModuleDatabase db;
    MutableClock clock;
    JooqLedger ledger;
    TestKeyCatalog keys;
    RecordingCaps caps;
    JooqUsageIngestion ingestion;
    UUID ws = UUID.randomUUID();
    KeyFacts key;

    abstract ModuleDatabase database();

    @BeforeEach
    void setUp() {
        db = database().migrate(new BillingModule());
        clock = new MutableClock(NOW);
        ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZONE);
        keys = new TestKeyCatalog();
        caps = new RecordingCaps();
        ingestion = new JooqUsageIngestion(db.dsl(), db.transactionManager(), ledger, () -> keys, () -> caps, clock);
        key = keys.add(ws, "chatbot");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    Event event(String id, KeyFacts k, String credits, Instant at) {
        return new Event(id, k.keyId(), new BigDecimal(credits), at);
    }

    long count(String table) {
        return db.dsl().fetchCount(db.dsl().selectFrom(table));
    }

    BigDecimal sum(String sql, Object... binds) {
        Object v = db.dsl().fetchValue(sql, binds);
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString()).stripTrailingZeros();
    }

    @Test
    void eachBadEventIsNamedByIndexAndFieldAndNothingIsStored() {
        UUID unknownKey = UUID.randomUUID();
        List<Event> events = new ArrayList<>();
        events.add(event("ok-1", key, "1", NOW));
        events.add(new Event("", key.keyId(), BigDecimal.ONE, NOW)); // 1: empty id
        events.add(new Event("x".repeat(101), key.keyId(), BigDecimal.ONE, NOW)); // 2: too long
        events.add(new Event("tab\tid", key.keyId(), BigDecimal.ONE, NOW)); // 3: not printable
        events.add(new Event("ok-1", key.keyId(), BigDecimal.ONE, NOW)); // 4: same id as 0
        events.add(new Event("e5", unknownKey, BigDecimal.ONE, NOW)); // 5: never issued
        events.add(new Event("e6", null, BigDecimal.ONE, NOW)); // 6: no key
        events.add(new Event("e7", key.keyId(), new BigDecimal("-0.5"), NOW)); // 7: negative
        events.add(new Event("e8", key.keyId(), new BigDecimal("0.0000001"), NOW)); // 8: 7 digits
        events.add(new Event("e9", key.keyId(), null, NOW)); // 9: no credits
        events.add(new Event(
                "e10",
                key.keyId(),
                BigDecimal.ONE,
                NOW.minus(Duration.ofDays(35).plusSeconds(1))));
        events.add(new Event(
                "e11",
                key.keyId(),
                BigDecimal.ONE,
                NOW.plus(Duration.ofMinutes(5).plusSeconds(1))));
        events.add(new Event("e12", key.keyId(), BigDecimal.ONE, null));
        events.add(new Event("e13", key.keyId(), new BigDecimal("1.50000000"), NOW.minus(Duration.ofDays(35))));
        events.add(new Event("e14 with spaces~", key.keyId(), BigDecimal.ZERO, NOW.plus(Duration.ofMinutes(5))));

        InvalidInputException refused =
                catchThrowableOfType(InvalidInputException.class, () -> ingestion.ingest(events));
        assertThat(refused.fieldErrors())
                .extracting(InvalidInputException.FieldError::field)
                .containsExactly(
                        "events[1].id",
                        "events[2].id",
                        "events[3].id",
                        "events[4].id",
                        "events[5].keyId",
                        "events[6].keyId",
                        "events[7].credits",
                        "events[8].credits",
                        "events[9].credits",
                        "events[10].timestamp",
                        "events[11].timestamp",
                        "events[12].timestamp");
        assertThat(refused.messageFor("events[4].id"))
                .hasValueSatisfying(m -> assertThat(m).contains("events[0]"));
        assertThat(count("billing_usage_event")).isZero();
        assertThat(count("billing_ledger_entry")).isZero();
        assertThat(count("billing_account")).isZero();
        assertThat(count("billing_daily_key_usage")).isZero();
        assertThat(caps.calls).isEmpty();
        assertThat(keys.finds).hasValue(1); // one catalog call per batch

        assertThat(catchThrowableOfType(InvalidInputException.class, () -> ingestion.ingest(List.of()))
                        .field())
                .isEqualTo("events");
        List<Event> tooMany = new ArrayList<>();
        for (int i = 0; i <= UsageIngestion.MAX_EVENTS; i++) {
            tooMany.add(event("m" + i, key, "1", NOW));
        }
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> ingestion.ingest(tooMany))
                        .field())
                .isEqualTo("events");
        // the edge values alone are fine
        assertThat(ingestion.ingest(List.of(events.get(13), events.get(14)))).isEqualTo(new Result(2, 0));
    }

    @Test
    void eventsAreRecordedOnceWithRollupsLedgerAndCaps() {
        KeyFacts other = keys.add(ws, null);
        ledger.grant(ws, Kind.SIGNUP_GRANT, new BigDecimal("10"), null, "signup", null, null);
        // 02:00 UTC on the 20th is still the 19th in New York
        Instant evening19 = Instant.parse("2026-11-20T02:00:00Z");
        Result first = ingestion.ingest(List.of(
                event("a", key, "2.5", NOW), event("b", key, "0.000001", evening19), event("c", other, "10", NOW)));
        assertThat(first).isEqualTo(new Result(3, 0));
        Result replay = ingestion.ingest(List.of(event("a", key, "2.5", NOW), event("d", key, "1", NOW)));
        assertThat(replay).isEqualTo(new Result(1, 1));
        assertThat(ingestion.ingest(List.of(event("a", key, "2.5", NOW)))).isEqualTo(new Result(0, 1));

        Balance b = ledger.balance(ws);
        assertThat(b.cycleUsage()).isEqualByComparingTo("13.500001");
        assertThat(b.grants()).isEqualByComparingTo("0");
        assertThat(b.cycleOverage()).isEqualByComparingTo("3.500001");
        assertThat(ledger.derivedBalance(ws)).isEqualTo(b);

        assertThat(sum(
                        "select credits from billing_daily_key_usage where key_id = ? and usage_day = ?",
                        key.keyId(),
                        LocalDate.of(2026, 11, 20)))
                .isEqualByComparingTo("3.5");
        assertThat(sum(
                        "select credits from billing_daily_key_usage where key_id = ? and usage_day = ?",
                        key.keyId(),
                        LocalDate.of(2026, 11, 19)))
                .isEqualByComparingTo("0.000001");
        assertThat(sum(
                        "select credits from billing_daily_project_usage where workspace_id = ? and project = ''"
                                + " and usage_day = ?",
                        ws,
                        LocalDate.of(2026, 11, 20)))
                .isEqualByComparingTo("10");
        assertThat(sum(
                        "select credits from billing_daily_project_usage where workspace_id = ? and project = ?"
                                + " and usage_day = ?",
                        ws,
                        "chatbot",
                        LocalDate.of(2026, 11, 20)))
                .isEqualByComparingTo("3.5");
        assertThat(sum("select sum(credits) from billing_daily_workspace_usage where workspace_id = ?", ws))
                .isEqualByComparingTo("13.500001");
        assertThat(db.dsl()
                        .fetchValue(
                                "select events from billing_daily_workspace_usage where workspace_id = ?"
                                        + " and usage_day = ?",
                                ws,
                                LocalDate.of(2026, 11, 20))
                        .toString())
                .isEqualTo("3");
        assertThat(count("billing_usage_event")).isEqualTo(4);
        // a few ledger entries per call, not one per event: the grant, then usage in two calls
        assertThat(ledger.entries(ws, b.cycleStart()).stream()
                        .filter(e -> e.kind() == Kind.USAGE)
                        .count())
                .isEqualTo(3);
        assertThat(caps.calls)
                .containsExactly(
                        new RecordingCaps.Call(ws, Set.of(key.keyId(), other.keyId())),
                        new RecordingCaps.Call(ws, Set.of(key.keyId())));
    }

    @Test
    void usageOfAClosedCycleIsBilledInTheOpenOneAndMarkedLate() {
        ledger.balance(ws); // opens the account on the 20th (New York), first cycle partial
        clock.advance(Duration.ofDays(12)); // 2 December
        ledger.startCycle(ws, LocalDate.of(2026, 12, 1));
        Instant november = Instant.parse("2026-11-30T12:00:00Z");
        Instant december = clock.instant();
        ingestion.ingest(List.of(event("late", key, "4", november), event("now", key, "1", december)));
        assertThat(db.dsl()
                        .fetchValue("select late from billing_usage_event where event_id = 'late'")
                        .toString())
                .isEqualToIgnoringCase("true");
        assertThat(db.dsl()
                        .fetchValue("select late from billing_usage_event where event_id = 'now'")
                        .toString())
                .isEqualToIgnoringCase("false");
        assertThat(db.dsl()
                        .fetchValue("select cycle_start from billing_usage_event where event_id = 'late'")
                        .toString())
                .isEqualTo("2026-12-01");
        Balance b = ledger.balance(ws);
        assertThat(b.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(b.cycleUsage()).isEqualByComparingTo("5");
        // the chart still shows it on the day it happened
        assertThat(sum(
                        "select credits from billing_daily_key_usage where key_id = ? and usage_day = ?",
                        key.keyId(),
                        LocalDate.of(2026, 11, 30)))
                .isEqualByComparingTo("4");
    }

    @Test
    void eventIdsAreForgottenAfterTheRetentionOnlyOnceAReplayCouldNotBeAccepted() {
        ingestion.ingest(List.of(event("a", key, "1", NOW.minus(Duration.ofDays(34)))));
        clock.advance(Duration.ofDays(10));
        ingestion.ingest(List.of(event("b", key, "1", clock.instant())));
        UsageEventPurge purge = new UsageEventPurge(db.dsl(), db.transactionManager(), clock, Duration.ofDays(40));
        assertThat(purge.purge()).isZero();
        clock.advance(Duration.ofDays(30).plusMinutes(1)); // "a" received 40 days ago
        assertThat(purge.purge()).isEqualTo(1);
        assertThat(db.dsl().fetchValue("select event_id from billing_usage_event"))
                .isEqualTo("b");
        assertThat(sum("select sum(credits) from billing_daily_workspace_usage"))
                .isEqualByComparingTo("2");
    }

    @Test
    void anEventReportedAheadIsKeptUntilItIsOlderThanAReplayMayBe() {
        ingestion.ingest(List.of(event("ahead", key, "1", NOW.plus(Duration.ofMinutes(5)))));
        UsageEventPurge purge = new UsageEventPurge(db.dsl(), db.transactionManager(), clock, Duration.ofDays(35));
        clock.advance(Duration.ofDays(35).plusMinutes(1)); // received 35 days ago, happened 34 d 23:56 ago
        assertThat(purge.purge()).isZero();
        // a replay is still within the 35 days, so it must still be recognised
        assertThat(ingestion.ingest(List.of(event("ahead", key, "1", NOW.plus(Duration.ofMinutes(5))))))
                .isEqualTo(new Result(0, 1));
        clock.advance(Duration.ofMinutes(5));
        // now a replay is refused as too old, so the id may be forgotten
        assertThat(catchThrowableOfType(
                                InvalidInputException.class,
                                () -> ingestion.ingest(
                                        List.of(event("ahead", key, "1", NOW.plus(Duration.ofMinutes(5))))))
                        .field())
                .isEqualTo("events[0].timestamp");
        assertThat(purge.purge()).isEqualTo(1);
    }

    /**
     * One id reported for keys of two workspaces at once: the calls lock different accounts, so only the
     * primary key (H2) or the conflict clause (PostgreSQL) stops the second; it is counted once.
     */
    @Test
    void oneIdReportedForTwoWorkspacesAtOnceCountsOnce() throws Exception {
        KeyFacts elsewhere = keys.add(UUID.randomUUID(), null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "shared-" + round;
                List<Future<Result>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    KeyFacts k = t % 2 == 0 ? key : elsewhere;
                    results.add(pool.submit(() -> ingestion.ingest(List.of(event(id, k, "1", NOW)))));
                }
                int accepted = 0;
                for (Future<Result> r : results) {
                    accepted += r.get().accepted();
                }
                assertThat(accepted).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.balance(ws)
                        .cycleUsage()
                        .add(ledger.balance(elsewhere.workspaceId()).cycleUsage()))
                .isEqualByComparingTo("5");
        assertThat(sum("select sum(credits) from billing_daily_workspace_usage"))
                .isEqualByComparingTo("5");
    }

    @Test
    void concurrencyFailuresAreRetriedAndOthersAreNot() {
        assertThat(JooqUsageIngestion.retryable(new RuntimeException(new SQLException("dup", "23505"))))
                .isTrue();
        assertThat(JooqUsageIngestion.retryable(new SQLException("serialization", "40001")))
                .isTrue();
        assertThat(JooqUsageIngestion.retryable(new SQLException("deadlock", "40P01")))
                .isTrue();
        assertThat(JooqUsageIngestion.retryable(new SQLException("timeout", "HYT00", 50200)))
                .isTrue();
        assertThat(JooqUsageIngestion.retryable(new SQLException("syntax", "42000")))
                .isFalse();
        assertThat(JooqUsageIngestion.retryable(new IllegalStateException("bug")))
                .isFalse();
    }

    /**
     * 64 threads each send the same 10,000 events (in their own order, in batches, each batch with
     * replays of events sent before mixed in) for several workspaces: every event counts exactly once.
     */
    @Test
    void sixtyFourThreadsIngestingTheSameEventsCountEachOnceExactly() throws Exception {
        List<UUID> workspaces = new ArrayList<>();
        List<KeyFacts> all = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            UUID id = UUID.randomUUID();
            workspaces.add(id);
            ledger.grant(id, Kind.SIGNUP_GRANT, new BigDecimal("100"), null, "signup", null, null);
            ledger.grant(id, Kind.TOP_UP, new BigDecimal("250.5"), null, "INV-" + w, null, null);
            for (int k = 0; k < 3; k++) {
                all.add(keys.add(id, k == 2 ? null : "p" + k));
            }
        }
        Random random = new Random(42);
        List<Event> events = new ArrayList<>();
        Map<UUID, BigDecimal> expectedByWorkspace = new HashMap<>();
        Map<UUID, BigDecimal> expectedByKey = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            KeyFacts k = all.get(random.nextInt(all.size()));
            BigDecimal credits = BigDecimal.valueOf(random.nextInt(5_000_000), 6);
            Instant at = NOW.minusSeconds(random.nextInt(3 * 24 * 3600));
            events.add(new Event("ev-" + i, k.keyId(), credits, at));
            expectedByWorkspace.merge(k.workspaceId(), credits, BigDecimal::add);
            expectedByKey.merge(k.keyId(), credits, BigDecimal::add);
        }
        int threads = 64;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    List<Event> mine = new ArrayList<>(events);
                    Collections.shuffle(mine, r);
                    for (int from = 0; from < mine.size(); from += 980) {
                        List<Event> batch = new ArrayList<>(mine.subList(from, Math.min(from + 980, mine.size())));
                        for (int d = 0; d < 20 && from > 0; d++) { // replays of what this thread sent
                            Event again = mine.get(r.nextInt(from));
                            if (!batch.contains(again)) {
                                batch.add(again);
                            }
                        }
                        Result result = ingestion.ingest(batch);
                        accepted.addAndGet(result.accepted());
                        sent.addAndGet(result.accepted() + result.duplicates());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).hasValue(10_000);
        assertThat(count("billing_usage_event")).isEqualTo(10_000);
        BigDecimal total = BigDecimal.ZERO;
        for (UUID w : workspaces) {
            BigDecimal expected = expectedByWorkspace.getOrDefault(w, BigDecimal.ZERO);
            total = total.add(expected);
            Balance b = ledger.balance(w);
            assertThat(b.cycleUsage()).isEqualByComparingTo(expected);
            assertThat(b).isEqualTo(ledger.derivedBalance(w));
            BigDecimal used = new BigDecimal("350.5").min(expected);
            assertThat(b.available()).isEqualByComparingTo(new BigDecimal("350.5").subtract(used));
            assertThat(b.cycleOverage()).isEqualByComparingTo(expected.subtract(used));
            assertThat(sum("select sum(credits) from billing_daily_workspace_usage where workspace_id = ?", w))
                    .isEqualByComparingTo(expected);
            assertThat(sum("select sum(credits) from billing_daily_project_usage where workspace_id = ?", w))
                    .isEqualByComparingTo(expected);
            assertThat(sum(
                            "select -sum(credits) from billing_ledger_entry where workspace_id = ? and kind = 'USAGE'",
                            w))
                    .isEqualByComparingTo(expected);
        }
        for (KeyFacts k : all) {
            assertThat(sum("select sum(credits) from billing_daily_key_usage where key_id = ?", k.keyId()))
                    .isEqualByComparingTo(expectedByKey.getOrDefault(k.keyId(), BigDecimal.ZERO));
        }
        assertThat(sum("select sum(credits) from billing_usage_event")).isEqualByComparingTo(total);
        assertThat(sum("select sum(events) from billing_daily_key_usage")).isEqualByComparingTo("10000");
    }
}
