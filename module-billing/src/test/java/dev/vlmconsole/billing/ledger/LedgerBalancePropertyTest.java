package dev.vlmconsole.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.ledger.Ledger.Kind;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property: whatever the sequence of grants, top-ups, allowances, usage, operator debits, expiries and
 * cycle starts (with replayed references mixed in), the cached balance equals the balance derived from
 * the entries, no bucket goes negative, and the cycle's usage is exactly what was used since it started.
 */
class LedgerBalancePropertyTest {

    private static ModuleDatabase db;
    private static MutableClock clock;
    private static JooqLedger ledger;

    @BeforeContainer
    static void database() {
        db = ModuleDatabase.h2().migrate(new BillingModule());
        clock = new MutableClock(Instant.parse("2026-11-03T10:00:00Z"));
        // a zone with a daylight-saving change inside the generated months
        ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZoneId.of("Europe/Paris"));
    }

    @AfterContainer
    static void close() {
        db.close();
    }

    /** One step: what, how many credits (in millionths), and how many hours pass before it. */
    record Step(int what, long micros, int hours) {

        BigDecimal credits() {
            return BigDecimal.valueOf(micros, 6);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.oneOf(
                                Arbitraries.longs().between(1, 1_000),
                                Arbitraries.longs().between(1, 50_000_000L),
                                Arbitraries.just(1_000_000L)),
                        Arbitraries.integers().between(0, 24 * 6))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }

    @Property(tries = 60)
    void cachedBalanceEqualsDerivedBalance(@ForAll("steps") List<Step> steps) {
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
