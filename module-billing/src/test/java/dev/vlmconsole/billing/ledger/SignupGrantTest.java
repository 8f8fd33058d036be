package dev.vlmconsole.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vlmconsole.api.events.WorkspaceCreated;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.ledger.Ledger.Kind;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The sign-up grant: once per workspace, inside the creating transaction. */
class SignupGrantTest {

    final ModuleDatabase db = ModuleDatabase.h2().migrate(new BillingModule());
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-10T08:00:00Z"));
    final JooqLedger ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZoneOffset.UTC);

    @AfterEach
    void tearDown() {
        db.close();
    }

    static BillingProperties settings(String... pairs) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        for (int i = 0; i < pairs.length; i += 2) {
            source.put(pairs[i], pairs[i + 1]);
        }
        return new Binder(source).bindOrCreate("console.billing", BillingProperties.class);
    }

    @Test
    void aNewWorkspaceGetsTheSignupCreditsOnce() {
        SignupGrant grant = new SignupGrant(ledger, settings(), clock);
        UUID ws = UUID.randomUUID();
        WorkspaceCreated created = new WorkspaceCreated(ws, "Acme", UUID.randomUUID(), clock.instant());
        grant.onWorkspaceCreated(created);
        grant.onWorkspaceCreated(created);
        Balance b = ledger.balance(ws);
        assertThat(b.grants()).isEqualByComparingTo("100");
        assertThat(ledger.entries(ws, b.cycleStart()))
                .extracting(Ledger.Entry::kind, Ledger.Entry::reference)
                .containsExactly(tuple(Kind.SIGNUP_GRANT, "signup"));
    }

    @Test
    void aSignupGrantWithATtlExpires() {
        SignupGrant grant = new SignupGrant(
                ledger,
                settings("console.billing.signup-credits", "25.5", "console.billing.signup-credits-ttl", "P7D"),
                clock);
        UUID ws = UUID.randomUUID();
        db.tx()
                .executeWithoutResult(s ->
                        grant.onWorkspaceCreated(new WorkspaceCreated(ws, "Acme", UUID.randomUUID(), clock.instant())));
        assertThat(ledger.balance(ws).grants()).isEqualByComparingTo("25.5");
        clock.advance(Duration.ofDays(7));
        List<Ledger.Entry> expired =
                ledger.expire(ws, ledger.balance(ws).cycleStart().minusDays(1), clock.instant());
        assertThat(expired).extracting(Ledger.Entry::credits).containsExactly(new BigDecimal("-25.500000"));
    }

    @Test
    void aRolledBackWorkspaceCreationLeavesNoGrant() {
        SignupGrant grant = new SignupGrant(ledger, settings(), clock);
        UUID ws = UUID.randomUUID();
        db.tx().executeWithoutResult(s -> {
            grant.onWorkspaceCreated(new WorkspaceCreated(ws, "Acme", UUID.randomUUID(), clock.instant()));
            s.setRollbackOnly();
        });
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("billing_ledger_entry")))
                .isZero();
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("billing_account"))).isZero();
    }
}
