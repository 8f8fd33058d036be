package dev.vlmconsole.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.PropertyRuns;
import dev.vlmconsole.billing.ledger.Ledger.Kind;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever the sequence of grants, top-ups, allowances, usage, operator debits, expiries and
 * cycle starts (with replayed references mixed in), the cached balance equals the balance derived from
 * the entries, no bucket goes negative, and the cycle's usage is exactly what was used since it started.
 *
 * <p>Plain JUnit with seeded random sequences, not a property-testing library (DD025): 60 sequences of
 * up to 30 steps per run; a failure prints its seed and steps (shrunk), and
 * {@code -Dbilling.property.seed=<seed>} replays one.
 */
class LedgerBalancePropertyTest {

    /** The base seed of a run; change it to explore other sequences. */
    private static final long BASE_SEED = 0x1ed6e5L;

    private static ModuleDatabase db;

    @BeforeAll
    static void database() {
        db = ModuleDatabase.h2().migrate(new BillingModule());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** One step: what, how many credits (in millionths), and how many hours pass before it. */
    record Step(int what, long micros, int hours) {

        BigDecimal credits() {
            return BigDecimal.valueOf(micros, 6);
        }
    }

    static LongStream seeds() {
        return PropertyRuns.seeds(BASE_SEED, 60);
    }

    /** 1 to 30 steps: what (0-8), credits from three ranges (tiny, any, exactly one), hours before it. */
    static List<Step> steps(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = random.nextInt(1, 31);
        List<Step> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int what = random.nextInt(0, 9);
            long micros = switch (random.nextInt(3)) {
                case 0 -> random.nextLong(1, 1_001);
                case 1 -> random.nextLong(1, 50_000_001L);
                default -> 1_000_000L;
            };
            steps.add(new Step(what, micros, random.nextInt(0, 24 * 6 + 1)));
        }
        return steps;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cachedBalanceEqualsDerivedBalance(long seed) {
        PropertyRuns.check(seed, steps(seed), LedgerBalancePropertyTest::run);
    }

    /** One sequence on a fresh workspace, ledger and clock, so that a seed replays alike. */
    static void run(List<Step> steps) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-03T10:00:00Z"));
        // a zone with a daylight-saving change inside the generated months
        JooqLedger ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZoneId.of("Europe/Paris"));
        UUID ws = UUID.randomUUID();
        BigDecimal usedThisCycle = BigDecimal.ZERO;
        LocalDate cycle = ledger.balance(ws).cycleStart();
        for (Step s : steps) {
            clock.advance(Duration.ofHours(s.hours()));
            Instant now = clock.instant();
            String ref = "r" + (s.micros() % 4); // replays of earlier references on purpose
            switch (s.what()) {
                case 0 ->
                    ledger.grant(
                            ws,
                            Kind.ADJUSTMENT,
                            s.credits(),
                            now.plus(Duration.ofHours(s.hours())),
                            ref,
                            "promo",
                            "op");
                case 1 -> ledger.grant(ws, Kind.TOP_UP, s.credits(), null, ref, null, "alice");
                case 2 -> ledger.grant(ws, Kind.ALLOWANCE, s.credits(), null, "allowance:" + cycle, null, null);
                case 3, 4 -> {
                    db.tx()
                            .executeWithoutResult(t -> ledger.debitUsage(
                                    ledger.lockAccounts(List.of(ws)).get(ws), s.credits(), now));
                    usedThisCycle = usedThisCycle.add(s.credits());
                }
                case 5 -> ledger.debit(ws, s.credits(), "d" + s.hours(), "correction", "op");
                case 6 -> ledger.expire(ws, cycle, now);
                case 7 -> ledger.grant(ws, Kind.SIGNUP_GRANT, s.credits(), null, "signup", null, null);
                default -> {
                    LocalDate next = JooqLedger.cycleEndOf(cycle);
                    Instant at = next.atStartOfDay(ledger.zone()).toInstant();
                    if (at.isAfter(clock.instant())) {
                        clock.advance(Duration.between(clock.instant(), at));
                    }
                    ledger.expire(ws, cycle, clock.instant());
                    ledger.startCycle(ws, next);
                    cycle = next;
                    usedThisCycle = BigDecimal.ZERO;
                }
            }
            Balance cached = ledger.balance(ws);
            assertThat(cached).isEqualTo(ledger.derivedBalance(ws));
            assertThat(cached.allowance().signum()).isNotNegative();
            assertThat(cached.grants().signum()).isNotNegative();
            assertThat(cached.topUps().signum()).isNotNegative();
            assertThat(cached.cycleStart()).isEqualTo(cycle);
            assertThat(cached.cycleUsage()).isEqualByComparingTo(usedThisCycle);
            assertThat(cached.cycleOverage()).isLessThanOrEqualTo(cached.cycleUsage());
        }
    }
}
