package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_CREDIT_IDEMPOTENCY;
import static dev.vlmconsole.billing.db.Tables.BILLING_LEDGER_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.operators.CreditAdjustments.Adjustment;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators' credit adjustments on the real ledger: a grant and a debit change the balance and the
 * ledger together, are audited in the workspace's own log as operator actions with the reason, and tell
 * the caps; a debit never takes the balance below zero; a reason is required; members (an Owner too) and
 * platform keys without the operator scope are refused by the service; an idempotency key applies once,
 * also when the same request arrives on several threads (or nodes) at once.
 */
abstract class CreditAdjustmentsTests {

    abstract OperatorsFixture.Ops ops();

    OperatorsFixture.Ops ops;
    TestWorkspace workspace;
    TestPerson operator;

    @BeforeEach
    void operatorAndWorkspace() {
        ops = ops();
        workspace = ops.newWorkspace();
        operator = ops.signInOperator();
    }

    CreditAdjustments adjustments() {
        return ops.adjustments();
    }

    Balance balance() {
        return ops.ledger().balance(workspace.id());
    }

    List<Ledger.Entry> adjustmentEntries(UUID ws) {
        Balance b = ops.ledger().balance(ws);
        return ops.ledger().entries(ws, b.cycleStart()).stream()
                .filter(e -> e.kind() == Ledger.Kind.ADJUSTMENT)
                .toList();
    }

    @Test
    void an_operator_grants_credits_with_a_reason_audited_in_the_workspace_as_an_operator_action() {
        int capsBefore = ops.caps().calls().size();

        Adjustment done = adjustments().adjust(workspace.id(), new BigDecimal("250"), "  Refund for the outage  ");

        assertThat(done.credits()).isEqualByComparingTo("250");
        assertThat(done.available()).isEqualByComparingTo("250");
        assertThat(balance().grants()).isEqualByComparingTo("250");
        assertThat(ops.ledger().derivedBalance(workspace.id())).isEqualTo(balance());
        Ledger.Entry entry = adjustmentEntries(workspace.id()).getFirst();
        assertThat(entry.id()).isEqualTo(done.entryId());
        assertThat(entry.credits()).isEqualByComparingTo("250");
        assertThat(entry.reason()).isEqualTo("Refund for the outage");
        assertThat(entry.actor()).isEqualTo(operator.displayName());

        AuditEntry audited = ops.audit().entriesOf(workspace.id()).getLast();
        assertThat(audited.action()).isEqualTo(CreditAdjustments.ADJUSTED);
        assertThat(audited.workspaceId()).isEqualTo(workspace.id());
        assertThat(audited.actor().operator()).isTrue();
        assertThat(audited.actor().id()).isEqualTo(operator.id());
        assertThat(audited.details()).contains("Granted 250 credits").contains("Reason: Refund for the outage");
        assertThat(ops.caps().calls().subList(capsBefore, ops.caps().calls().size()))
                .anySatisfy(c -> {
                    assertThat(c.workspaceId()).isEqualTo(workspace.id());
                    assertThat(c.inTransaction()).isTrue();
                });
    }

    @Test
    void a_debit_takes_exact_credits_and_never_takes_the_balance_below_zero() {
        adjustments().adjust(workspace.id(), new BigDecimal("100"), "Goodwill");

        Adjustment debit = adjustments().adjust(workspace.id(), new BigDecimal("-40.000001"), "Double grant");

        assertThat(debit.credits()).isEqualByComparingTo("-40.000001");
        assertThat(balance().available()).isEqualByComparingTo("59.999999");
        assertThat(ops.ledger().derivedBalance(workspace.id())).isEqualTo(balance());
        assertThat(ops.audit().entriesOf(workspace.id()).getLast().details()).contains("Debited 40.000001 credits");

        assertThatThrownBy(() -> adjustments().adjust(workspace.id(), new BigDecimal("-60"), "Too much"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("credits"))
                .hasMessageContaining("59.999999");
        assertThat(balance().available()).isEqualByComparingTo("59.999999");
        assertThat(adjustmentEntries(workspace.id())).hasSize(2);
    }

    @Test
    void a_reason_is_required_and_credits_must_be_exact_and_not_zero() {
        assertThat(fields(() -> adjustments().adjust(workspace.id(), new BigDecimal("10"), "   ")))
                .containsExactly("reason");
        assertThat(fields(() -> adjustments().adjust(workspace.id(), new BigDecimal("10"), "x".repeat(501))))
                .containsExactly("reason");
        assertThat(fields(() -> adjustments().adjust(workspace.id(), new BigDecimal("0.0000001"), "why")))
                .containsExactly("credits");
        assertThat(fields(() -> adjustments().adjust(workspace.id(), BigDecimal.ZERO, null)))
                .containsExactly("credits", "reason");
        assertThat(adjustmentEntries(workspace.id())).isEmpty();
        assertThat(ops.audit().entriesOf(workspace.id()))
                .noneMatch(e -> e.action().equals(CreditAdjustments.ADJUSTED));
    }

    @Test
    void members_and_platform_keys_without_the_operator_scope_are_refused_by_the_service() {
        TestPerson owner = ops.members().newMember(workspace, Role.OWNER);
        ops.context().signIn(owner, workspace);
        assertThatThrownBy(() -> adjustments().adjust(workspace.id(), BigDecimal.TEN, "I want more"))
                .isInstanceOf(PermissionDeniedException.class);

        ops.context()
                .usePlatformKey(new PlatformKeyPrincipal(
                        UUID.randomUUID(), "gateway", Set.of(PlatformKeyPrincipal.SCOPE_USAGE)));
        assertThatThrownBy(() -> adjustments().adjust(workspace.id(), BigDecimal.TEN, "Gateway"))
                .isInstanceOf(PermissionDeniedException.class);

        assertThat(balance().available()).isEqualByComparingTo("0");
        assertThat(adjustmentEntries(workspace.id())).isEmpty();
    }

    @Test
    void a_platform_key_with_the_operator_scope_adjusts_and_is_recorded_as_an_operator() {
        UUID keyId = UUID.randomUUID();
        ops.context()
                .usePlatformKey(
                        new PlatformKeyPrincipal(keyId, "support", Set.of(PlatformKeyPrincipal.SCOPE_OPERATOR)));

        adjustments().adjust(workspace.id(), new BigDecimal("5"), "Ticket 4711");

        assertThat(balance().available()).isEqualByComparingTo("5");
        AuditEntry audited = ops.audit().entriesOf(workspace.id()).getLast();
        assertThat(audited.actor().id()).isEqualTo(keyId);
        assertThat(audited.actor().operator()).isTrue();
    }

    @Test
    void an_unknown_workspace_is_not_found() {
        assertThatThrownBy(() -> adjustments().adjust(UUID.randomUUID(), BigDecimal.TEN, "Nobody"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void the_same_idempotency_key_applies_once_and_another_request_with_it_is_a_conflict() {
        String key = "key-" + UUID.randomUUID();
        Adjustment first = adjustments().adjust(workspace.id(), new BigDecimal("250"), "Refund", key);
        Adjustment again = adjustments().adjust(workspace.id(), new BigDecimal("250.000"), " Refund ", key);

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.entryId()).isEqualTo(first.entryId());
        assertThat(again.available()).isEqualByComparingTo(first.available());
        assertThat(again.at()).isEqualTo(first.at());
        assertThat(balance().available()).isEqualByComparingTo("250");

        assertThatThrownBy(() -> adjustments().adjust(workspace.id(), new BigDecimal("251"), "Refund", key))
                .isInstanceOf(IdempotencyConflictException.class);
        TestWorkspace other = ops.newWorkspace();
        assertThatThrownBy(() -> adjustments().adjust(other.id(), new BigDecimal("250"), "Refund", key))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(balance().available()).isEqualByComparingTo("250");
        assertThat(ops.ledger().balance(other.id()).available()).isEqualByComparingTo("0");
    }

    @Test
    void the_same_key_sent_on_many_threads_at_once_applies_once_and_every_caller_gets_the_same_answer()
            throws Exception {
        String key = "race-" + UUID.randomUUID();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Adjustment>> calls = new ArrayList<>();
            adjustments().adjust(workspace.id(), new BigDecimal("1000"), "Start");
            for (int i = 0; i < callers; i++) {
                calls.add(() -> adjustments().adjust(workspace.id(), new BigDecimal("-125.5"), "Clawback", key));
            }
            List<Adjustment> answers = new ArrayList<>();
            for (Future<Adjustment> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            assertThat(answers)
                    .extracting(Adjustment::entryId)
                    .containsOnly(answers.getFirst().entryId());
            assertThat(answers).filteredOn(a -> !a.replayed()).hasSize(1);
            assertThat(answers).allSatisfy(a -> assertThat(a.available()).isEqualByComparingTo("874.5"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance().available()).isEqualByComparingTo("874.5");
        assertThat(adjustmentEntries(workspace.id())).hasSize(2);
        assertThat(ops.ledger().derivedBalance(workspace.id())).isEqualTo(balance());
        assertThat(ops.spring()
                        .database()
                        .dsl()
                        .fetchCount(BILLING_CREDIT_IDEMPOTENCY, BILLING_CREDIT_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(key)))
                .isEqualTo(1);
        assertThat(ops.spring()
                        .database()
                        .dsl()
                        .fetchCount(
                                BILLING_LEDGER_ENTRY,
                                BILLING_LEDGER_ENTRY
                                        .WORKSPACE_ID
                                        .eq(workspace.id())
                                        .and(BILLING_LEDGER_ENTRY.REASON.eq("Clawback"))))
                .isEqualTo(1);
    }

    static List<String> fields(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputException e) {
            return e.fieldErrors().stream()
                    .map(InvalidInputException.FieldError::field)
                    .toList();
        }
        throw new AssertionError("not refused");
    }
}
