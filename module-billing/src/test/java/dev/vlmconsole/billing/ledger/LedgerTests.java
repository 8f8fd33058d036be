package dev.vlmconsole.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.ledger.Ledger.Entry;
import dev.vlmconsole.billing.ledger.Ledger.Kind;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger on a real database: drawdown order, expiry, idempotency, exactness, reconciliation. */
abstract class LedgerTests {

    static final Instant START = Instant.parse("2026-11-10T12:00:00Z");

    ModuleDatabase db;
    MutableClock clock;
    JooqLedger ledger;
    UUID ws = UUID.randomUUID();

    abstract ModuleDatabase database();

    @BeforeEach
    void setUp() {
        db = database().migrate(new BillingModule());
        clock = new MutableClock(START);
        ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZoneOffset.UTC);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static BigDecimal c(String v) {
        return new BigDecimal(v).setScale(6);
    }

    void usage(String credits) {
        db.tx().executeWithoutResult(s -> {
            var account = ledger.lockAccounts(List.of(ws)).get(ws);
            ledger.debitUsage(account, new BigDecimal(credits), clock.instant());
        });
    }

    void reconciled() {
        assertThat(ledger.balance(ws)).isEqualTo(ledger.derivedBalance(ws));
    }

    @Test
    void anAccountOpensOnPayAsYouGoWithAPartialCycle() {
        Balance b = ledger.balance(ws);
        assertThat(b.cycleStart()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(b.available()).isEqualByComparingTo("0");
        assertThat(db.dsl().fetchValue("select plan_id from billing_account where workspace_id = ?", ws))
                .isEqualTo("payg");
        assertThat(db.dsl()
                        .fetchValue("select cycle_end from billing_account where workspace_id = ?", ws)
                        .toString())
                .isEqualTo("2026-12-01");
        reconciled();
    }

    @Test
    void usageDrawsAllowanceThenGrantsBySoonestExpiryThenTopUpsThenOverage() {
        ledger.grant(ws, Kind.TOP_UP, c("50"), null, "INV-1", null, "alice");
        ledger.grant(ws, Kind.SIGNUP_GRANT, c("10"), null, "signup", null, null);
        ledger.grant(ws, Kind.ADJUSTMENT, c("20"), START.plus(Duration.ofDays(3)), "adj-1", "goodwill", "op");
        ledger.grant(ws, Kind.ALLOWANCE, c("30"), null, "allowance:2026-11-10", null, null);
        reconciled();

        usage("35"); // 30 allowance, 5 of the grant expiring in 3 days
        Balance b = ledger.balance(ws);
        assertThat(b.allowance()).isEqualByComparingTo("0");
        assertThat(b.grants()).isEqualByComparingTo("25"); // 15 expiring + 10 never expiring
        assertThat(b.topUps()).isEqualByComparingTo("50");
        reconciled();

        usage("20"); // 15 expiring grant, then 5 of the sign-up grant
        assertThat(ledger.balance(ws).grants()).isEqualByComparingTo("5");
        usage("60.5"); // 5 sign-up, 50 top-up, 5.5 overage
        b = ledger.balance(ws);
        assertThat(b.available()).isEqualByComparingTo("0");
        assertThat(b.cycleUsage()).isEqualByComparingTo("115.5");
        assertThat(b.cycleOverage()).isEqualByComparingTo("5.5");
        reconciled();

        List<Entry> usageEntries = ledger.entries(ws, b.cycleStart()).stream()
                .filter(e -> e.kind() == Kind.USAGE)
                .toList();
        assertThat(usageEntries)
                .extracting(Entry::credits)
                .containsExactly(c("-30"), c("-5"), c("-15"), c("-5"), c("-5"), c("-50"), c("-5.5"));
        assertThat(usageEntries.getLast().overage()).isTrue();
    }

    @Test
    void grantsAreIdempotentByWorkspaceKindAndReference() {
        Entry first = ledger.grant(ws, Kind.TOP_UP, c("100"), null, "INV-2026-000001", null, "alice");
        Entry again = ledger.grant(ws, Kind.TOP_UP, c("100"), null, "INV-2026-000001", null, "alice");
        assertThat(again).isEqualTo(first);
        assertThat(ledger.balance(ws).topUps()).isEqualByComparingTo("100");
        // the same reference for another kind or workspace is another write
        ledger.grant(ws, Kind.SIGNUP_GRANT, c("1"), null, "INV-2026-000001", null, null);
        ledger.grant(UUID.randomUUID(), Kind.TOP_UP, c("1"), null, "INV-2026-000001", null, null);
        assertThat(ledger.byReference(ws, Kind.TOP_UP, "INV-2026-000001")).contains(first);
        assertThat(ledger.balance(ws).available()).isEqualByComparingTo("101");
        reconciled();
    }

    @Test
    void anOperatorDebitTakesAtMostWhatIsAvailableAndIsIdempotent() {
        ledger.grant(ws, Kind.SIGNUP_GRANT, c("10"), null, "signup", null, null);
        ledger.grant(ws, Kind.TOP_UP, c("5"), null, "INV-1", null, null);
        Entry first = ledger.debit(ws, c("100"), "debit-1", "refund reversal", "op");
        assertThat(first.credits()).isEqualByComparingTo("-10");
        assertThat(ledger.debit(ws, c("100"), "debit-1", "refund reversal", "op"))
                .isEqualTo(first);
        Balance b = ledger.balance(ws);
        assertThat(b.available()).isEqualByComparingTo("0");
        assertThat(b.cycleOverage()).isEqualByComparingTo("0");
        assertThat(b.cycleUsage()).isEqualByComparingTo("0");
        reconciled();
        assertThatThrownBy(() -> ledger.debit(ws, c("1"), "debit-2", " ", "op"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grantsExpireAndTheAllowanceExpiresWithItsCycle() {
        ledger.grant(ws, Kind.ALLOWANCE, c("100"), null, "allowance:2026-11-10", null, null);
        ledger.grant(ws, Kind.ADJUSTMENT, c("7"), START.plus(Duration.ofDays(1)), "adj", "trial", "op");
        ledger.grant(ws, Kind.TOP_UP, c("3"), null, "INV-1", null, null);
        usage("40");
        clock.advance(Duration.ofDays(2));
        List<Entry> expired = ledger.expire(ws, LocalDate.of(2026, 11, 10), clock.instant());
        assertThat(expired).extracting(Entry::kind).containsExactly(Kind.ALLOWANCE_EXPIRY, Kind.GRANT_EXPIRY);
        assertThat(expired).extracting(Entry::credits).containsExactly(c("-60"), c("-7"));
        assertThat(ledger.expire(ws, LocalDate.of(2026, 11, 10), clock.instant()))
                .isEmpty();
        Balance b = ledger.balance(ws);
        assertThat(b.allowance()).isEqualByComparingTo("0");
        assertThat(b.grants()).isEqualByComparingTo("0");
        assertThat(b.topUps()).isEqualByComparingTo("3");
        reconciled();
    }

    @Test
    void usageSkipsAGrantPastItsExpiryAndExpiresIt() {
        ledger.grant(ws, Kind.ADJUSTMENT, c("7"), START.plus(Duration.ofHours(1)), "adj", "trial", "op");
        clock.advance(Duration.ofHours(2));
        usage("2");
        Balance b = ledger.balance(ws);
        assertThat(b.grants()).isEqualByComparingTo("0");
        assertThat(b.cycleOverage()).isEqualByComparingTo("2");
        reconciled();
    }

    @Test
    void aNewCycleCountsUsageAfreshAndAnOldAllowanceIsNotDrawn() {
        ledger.grant(ws, Kind.ALLOWANCE, c("10"), null, "allowance:2026-11-10", null, null);
        usage("4");
        ledger.startCycle(ws, LocalDate.of(2026, 12, 1));
        ledger.startCycle(ws, LocalDate.of(2026, 12, 1));
        Balance b = ledger.balance(ws);
        assertThat(b.cycleStart()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(b.cycleUsage()).isEqualByComparingTo("0");
        reconciled();
        usage("1"); // the November allowance is not drawn in December
        assertThat(ledger.balance(ws).cycleOverage()).isEqualByComparingTo("1");
        assertThat(db.dsl()
                        .fetchValue("select cycle_end from billing_account where workspace_id = ?", ws)
                        .toString())
                .isEqualTo("2027-01-01");
        reconciled();
    }

    @Test
    void creditsAreExactToSixFractionalDigits() {
        ledger.grant(ws, Kind.TOP_UP, new BigDecimal("0.000003"), null, "INV-1", null, null);
        for (int i = 0; i < 3; i++) {
            usage("0.000001");
        }
        assertThatThrownBy(() -> usage("0.1234565")).isInstanceOf(IllegalArgumentException.class);
        usage("0.123456");
        usage("999999999999.999999");
        Balance b = ledger.balance(ws);
        assertThat(b.topUps()).isEqualTo(c("0"));
        assertThat(b.cycleUsage()).isEqualTo(c("1000000000000.123458"));
        assertThat(b.cycleOverage()).isEqualTo(c("1000000000000.123455"));
        reconciled();
    }
}
