package dev.vlmconsole.billing.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.billing.invoices.InvoiceAudit;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' Billing section's service on the real billing parts (H2): Enterprise terms move a
 * workspace to Enterprise (or update its terms) in one transaction, with the reason audited as an
 * operator action in that workspace; bad terms are refused naming each field; an open invoice is
 * marked paid with a reason; the tax rate needs a reason; members are refused.
 */
class OperatorBillingTest {

    OperatorsFixture.Ops ops;
    TestWorkspace workspace;

    static final EnterpriseTerms.Terms TERMS = new EnterpriseTerms.Terms(
            new BigDecimal("4000"),
            new BigDecimal("500000"),
            new BigDecimal("0.005"),
            List.of(new EnterpriseTerms.Tier(new BigDecimal("1000000"), new BigDecimal("0.004"))),
            600,
            Duration.ofMinutes(1));

    @BeforeEach
    void operatorAndWorkspace() {
        ops = OperatorsFixture.h2();
        workspace = ops.newWorkspace();
        ops.signInOperator();
    }

    OperatorBilling billing() {
        return ops.bean(OperatorBilling.class);
    }

    List<AuditEntry> audited(String action) {
        return ops.audit().entriesOf(workspace.id()).stream()
                .filter(e -> e.action().equals(action))
                .toList();
    }

    @Test
    void enterprise_terms_move_a_workspace_to_enterprise_then_update_its_terms() {
        boolean moved = billing().setEnterpriseTerms(workspace.id(), TERMS, "Contract 2026-114");

        assertThat(moved).isTrue();
        OperatorBilling.Overview o = billing().overview(workspace.id());
        assertThat(o.account().plan().id()).isEqualTo(Plan.ENTERPRISE);
        assertThat(o.account().plan().rateLimit()).isEqualTo(600);
        assertThat(o.terms()).isNotNull();
        assertThat(o.terms().monthlyFee()).isEqualByComparingTo("4000");
        assertThat(o.terms().tiers()).hasSize(1);
        assertThat(audited("billing.enterprise_terms.set")).singleElement().satisfies(e -> {
            assertThat(e.actor().operator()).isTrue();
            assertThat(e.details()).contains("Reason: Contract 2026-114");
        });
        assertThat(audited("billing.plan.upgraded"))
                .singleElement()
                .satisfies(e -> assertThat(e.actor().operator()).isTrue());

        boolean movedAgain = billing()
                .setEnterpriseTerms(
                        workspace.id(),
                        new EnterpriseTerms.Terms(
                                new BigDecimal("4500"),
                                new BigDecimal("500000"),
                                new BigDecimal("0.005"),
                                List.of(),
                                900,
                                Duration.ofMinutes(1)),
                        "Amendment 1");
        assertThat(movedAgain).isFalse();
        assertThat(billing().overview(workspace.id()).account().plan().rateLimit())
                .isEqualTo(900);
        assertThat(audited("billing.plan.upgraded")).hasSize(1);
    }

    @Test
    void bad_terms_are_refused_naming_each_field_and_change_nothing() {
        EnterpriseTerms.Terms bad = new EnterpriseTerms.Terms(
                new BigDecimal("-1"),
                new BigDecimal("10"),
                new BigDecimal("0.123456789"),
                List.of(
                        new EnterpriseTerms.Tier(new BigDecimal("100"), new BigDecimal("0.004")),
                        new EnterpriseTerms.Tier(new BigDecimal("100"), new BigDecimal("0.003"))),
                0,
                Duration.ofMinutes(1));

        assertThat(CreditAdjustmentsTests.fields(() -> billing().setEnterpriseTerms(workspace.id(), bad, "Deal")))
                .contains("monthlyFee", "pricePerCredit", "rateLimit", "tiers[1].fromCredits");
        assertThat(CreditAdjustmentsTests.fields(() -> billing().setEnterpriseTerms(workspace.id(), TERMS, " ")))
                .containsExactly("reason");
        assertThat(billing().overview(workspace.id()).account().plan().id()).isEqualTo(Plan.PAYG);
        assertThat(billing().overview(workspace.id()).terms()).isNull();
    }

    @Test
    void an_open_invoice_is_marked_paid_with_what_was_received() {
        Invoices.Invoice invoice = ops.openInvoice(workspace);
        assertThat(invoice.status()).isEqualTo(Invoices.Status.OPEN);

        assertThat(CreditAdjustmentsTests.fields(() -> billing().markPaid(workspace.id(), invoice.id(), "")))
                .containsExactly("reason");
        TestWorkspace other = ops.newWorkspace();
        assertThatThrownBy(() -> billing().markPaid(other.id(), invoice.id(), "Transfer"))
                .isInstanceOf(NoSuchElementException.class);

        Invoices.Invoice paid = billing().markPaid(workspace.id(), invoice.id(), "Bank transfer, ref 8812");

        assertThat(paid.status()).isEqualTo(Invoices.Status.PAID);
        assertThat(billing().overview(workspace.id()).invoices())
                .singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo(Invoices.Status.PAID));
        assertThat(audited(InvoiceAudit.MARKED_PAID)).singleElement().satisfies(e -> {
            assertThat(e.actor().operator()).isTrue();
            assertThat(e.details()).contains("ref 8812");
        });
    }

    @Test
    void the_tax_rate_needs_a_reason_and_is_audited_as_an_operator_action() {
        assertThat(CreditAdjustmentsTests.fields(() -> billing().setTaxRate(workspace.id(), new BigDecimal("19"), "")))
                .containsExactly("reason");
        assertThat(CreditAdjustmentsTests.fields(() -> billing().setTaxRate(workspace.id(), null, "VAT")))
                .containsExactly("taxRate");

        billing().setTaxRate(workspace.id(), new BigDecimal("19"), "German VAT");

        assertThat(billing().overview(workspace.id()).taxRate()).isEqualByComparingTo("19");
        assertThat(audited(InvoiceAudit.TAX_RATE_SET)).singleElement().satisfies(e -> {
            assertThat(e.actor().operator()).isTrue();
            assertThat(e.details()).contains("German VAT");
        });
    }

    @Test
    void members_are_refused_and_an_unknown_workspace_is_not_found() {
        ops.context().signIn(ops.members().newMember(workspace, Role.OWNER), workspace);
        assertThatThrownBy(() -> billing().overview(workspace.id())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> billing().setEnterpriseTerms(workspace.id(), TERMS, "Please"))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> billing().setTaxRate(workspace.id(), BigDecimal.ZERO, "Please"))
                .isInstanceOf(PermissionDeniedException.class);

        ops.signInOperator();
        assertThatThrownBy(() -> billing().overview(UUID.randomUUID())).isInstanceOf(NoSuchElementException.class);
    }
}
