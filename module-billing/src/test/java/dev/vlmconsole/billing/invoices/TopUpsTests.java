package dev.vlmconsole.billing.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.PaymentSettled;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.billing.invoices.Invoices.Kind;
import dev.vlmconsole.billing.invoices.Invoices.Status;
import dev.vlmconsole.billing.invoices.TopUps.Pack;
import dev.vlmconsole.billing.invoices.TopUps.Purchase;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Top-ups with the real ledger: one invoice of one line, credits granted once per idempotency key (at
 * once offline, at settlement for a pending payment), caps told, audited, permissions. Runs on H2
 * ({@link TopUpsOnH2Test}) and PostgreSQL ({@link TopUpsOnPostgresTest}).
 */
abstract class TopUpsTests {

    InvoicesContexts.Billing billing;
    TopUps topUps;
    Invoices invoices;
    Ledger ledger;
    TestWorkspace workspace;
    TestPerson owner;

    abstract InvoicesContexts.Billing billing();

    @BeforeEach
    void wire() {
        billing = billing();
        topUps = billing.bean(TopUps.class);
        invoices = billing.bean(Invoices.class);
        ledger = billing.bean(Ledger.class);
        workspace = billing.members().newWorkspace();
        owner = billing.members().newMember(workspace, Role.OWNER);
        billing.payments().clear();
        billing.caps().calls.clear();
        billing.context().signIn(owner, workspace);
    }

    BigDecimal topUpCredits() {
        return ledger.balance(workspace.id()).topUps();
    }

    @Test
    void the_packs_are_the_configured_ones_smallest_first_in_the_currency() {
        assertThat(topUps.packs())
                .extracting(Pack::id, Pack::credits, Pack::price)
                .containsExactly(
                        tuple("credits-10k", new BigDecimal("10000"), Money.of("100", "USD")),
                        tuple("credits-50k", new BigDecimal("50000"), Money.of("475", "USD")),
                        tuple("credits-250k", new BigDecimal("250000"), Money.of("2250", "USD")));
    }

    @Test
    void buying_offline_issues_one_invoice_and_grants_the_credits_once_per_idempotency_key() {
        Purchase first = topUps.buy("credits-10k", "key-1");
        Purchase retry = topUps.buy("credits-10k", "key-1");

        assertThat(first.granted()).isTrue();
        assertThat(first.outcome()).isInstanceOf(PaymentOutcome.AwaitingOfflinePayment.class);
        assertThat(first.invoice().kind()).isEqualTo(Kind.TOP_UP);
        assertThat(first.invoice().lines()).singleElement().satisfies(l -> {
            assertThat(l.description()).contains("10,000 credits");
            assertThat(l.amount()).isEqualTo(Money.of("100", "USD"));
        });
        assertThat(first.invoice().total()).isEqualTo(Money.of("100", "USD"));
        assertThat(first.invoice().status()).isEqualTo(Status.OPEN);
        assertThat(retry.invoice()).isEqualTo(first.invoice());
        assertThat(retry.granted()).isTrue();
        assertThat(retry.outcome()).isEqualTo(first.outcome());

        assertThat(topUpCredits()).isEqualByComparingTo("10000");
        assertThat(ledger.byReference(
                        workspace.id(), Ledger.Kind.TOP_UP, first.invoice().number()))
                .hasValueSatisfying(e -> {
                    assertThat(e.credits()).isEqualByComparingTo("10000");
                    assertThat(e.actor()).isEqualTo(owner.displayName());
                });
        assertThat(billing.payments().requests()).hasSize(1);
        assertThat(billing.caps().calls).containsExactly(workspace.id());
        assertThat(billing.audit().entriesOf(workspace.id()).stream()
                        .filter(e -> e.action().equals(InvoiceAudit.TOP_UP_BOUGHT)))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).contains("credits-10k", "granted"));
        assertThat(ledger.balance(workspace.id())).isEqualTo(ledger.derivedBalance(workspace.id()));

        Purchase another = topUps.buy("credits-10k", "key-2");
        assertThat(another.invoice().number()).isNotEqualTo(first.invoice().number());
        assertThat(topUpCredits()).isEqualByComparingTo("20000");
    }

    @Test
    void concurrent_retries_with_one_key_grant_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Purchase> buy = () -> {
                try {
                    return topUps.buy("credits-50k", "race");
                } catch (RuntimeException lostTheRace) {
                    return topUps.buy("credits-50k", "race"); // a client's retry answers the first purchase
                }
            };
            List<Future<Purchase>> results = pool.invokeAll(List.of(buy, buy, buy, buy));
            for (Future<Purchase> f : results) {
                assertThat(f.get().invoice().number())
                        .isEqualTo(results.getFirst().get().invoice().number());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(topUpCredits()).isEqualByComparingTo("50000");
    }

    @Test
    void a_key_used_for_another_pack_and_an_unknown_pack_are_refused() {
        topUps.buy("credits-10k", "k");
        assertThatThrownBy(() -> topUps.buy("credits-50k", "k"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("idempotencyKey"));
        assertThatThrownBy(() -> topUps.buy("credits-1", "k2"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("pack"));
        assertThat(topUpCredits()).isEqualByComparingTo("10000");
    }

    @Test
    void a_pending_card_payment_grants_when_it_settles_and_not_when_it_fails() {
        billing.payments().mode(TestPayments.Mode.PENDING);
        Purchase pending = topUps.buy("credits-10k", "card-1");
        assertThat(pending.granted()).isFalse();
        assertThat(pending.outcome()).isInstanceOf(PaymentOutcome.Pending.class);
        assertThat(topUpCredits()).isEqualByComparingTo("0");

        String number = pending.invoice().number();
        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay", number, "pi_1", false, billing.clock().instant()));
        assertThat(topUpCredits()).isEqualByComparingTo("0");

        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay", number, "pi_1", true, billing.clock().instant()));
        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay", number, "pi_1", true, billing.clock().instant()));
        assertThat(topUpCredits()).isEqualByComparingTo("10000");
        assertThat(invoices.get(pending.invoice().id()).status()).isEqualTo(Status.PAID);
        assertThat(topUps.buy("credits-10k", "card-1").granted()).isTrue();
        assertThat(billing.caps().calls).containsExactly(workspace.id());
    }

    @Test
    void an_operator_marking_a_pending_top_up_paid_grants_its_credits_once() {
        billing.payments().mode(TestPayments.Mode.PENDING);
        Purchase pending = topUps.buy("credits-10k", "manual");
        billing.context().signIn(billing.members().newOperator());
        billing.bean(BillingOperations.class).markPaid(pending.invoice().id(), "Paid by wire after the card failed");
        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay",
                        pending.invoice().number(),
                        "pi_9",
                        true,
                        billing.clock().instant()));
        billing.context().signIn(owner, workspace);
        assertThat(topUpCredits()).isEqualByComparingTo("10000");
        assertThat(invoices.get(pending.invoice().id()).status()).isEqualTo(Status.PAID);
    }

    @Test
    void a_charged_card_grants_at_once_and_a_failing_provider_leaves_nothing() {
        billing.payments().mode(TestPayments.Mode.FAILING);
        assertThatThrownBy(() -> topUps.buy("credits-10k", "f")).isInstanceOf(IllegalStateException.class);
        assertThat(invoices.list()).isEmpty();
        assertThat(topUpCredits()).isEqualByComparingTo("0");

        billing.payments().mode(TestPayments.Mode.PAID);
        Purchase paid = topUps.buy("credits-10k", "f");
        assertThat(paid.granted()).isTrue();
        assertThat(paid.invoice().status()).isEqualTo(Status.PAID);
        assertThat(topUpCredits()).isEqualByComparingTo("10000");
    }

    @Test
    void only_owners_and_billing_members_buy() {
        TestPerson admin = billing.members().newMember(workspace, Role.ADMIN);
        billing.context().signIn(admin, workspace);
        assertThatThrownBy(() -> topUps.buy("credits-10k", "a")).isInstanceOf(PermissionDeniedException.class);
        assertThat(topUps.packs()).hasSize(3); // reading is everyone's

        TestPerson payer = billing.members().newMember(workspace, Role.BILLING);
        billing.context().signIn(payer, workspace);
        assertThat(topUps.buy("credits-10k", UUID.randomUUID().toString()).granted())
                .isTrue();
    }
}
