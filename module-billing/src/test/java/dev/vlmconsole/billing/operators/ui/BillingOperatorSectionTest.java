package dev.vlmconsole.billing.operators.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.vlmconsole.api.OperatorSection;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.operators.OperatorBilling;
import dev.vlmconsole.billing.operators.OperatorsFixture;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Billing section of an operator's page of a workspace, on the real billing services (H2): the
 * balance and plan, "Adjust credits" (a grant, a debit asked for twice and refused beyond the balance,
 * errors at their fields), the Enterprise terms form with tier rows, "Mark paid" with a reason, and a
 * member who is shown a refusal instead of the billing.
 */
class BillingOperatorSectionTest extends KaribuModuleTest {

    static final OperatorsFixture.Ops OPS = OperatorsFixture.h2();

    TestWorkspace workspace;

    @Override
    protected ModuleTestContext spring() {
        return OPS.spring();
    }

    @BeforeEach
    void operatorAndWorkspace() {
        workspace = OPS.newWorkspace();
        OPS.signInOperator();
    }

    /** The section as the operators' page adds it: from the module's descriptor. */
    BillingOperatorSection open() {
        OperatorSection section = new BillingModule().operatorSections().getFirst();
        assertThat(section.title()).isEqualTo("Billing");
        Component content = section.content().apply(workspace.id());
        UI.getCurrent().add(content);
        return (BillingOperatorSection) content;
    }

    BigDecimal available() {
        return OPS.ledger().balance(workspace.id()).available();
    }

    @Test
    void shows_plan_and_balance_with_empty_adjustments_and_invoices() {
        OPS.adjustments().adjust(workspace.id(), new BigDecimal("12.5"), "Trial");
        OPS.adjustments().adjust(workspace.id(), new BigDecimal("-2.5"), "Correction");

        BillingOperatorSection section = open();

        assertThat(section.summary.getElement().getTextRecursively())
                .contains("Pay-as-you-go")
                .contains("Available")
                .contains("10");
        assertThat(GridKt._size(section.adjustmentsGrid)).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(section.adjustmentsGrid, 1)).contains("-2.5", "Correction");
        assertThat(GridKt._size(section.invoices)).isZero();
        assertThat(section.terms.getText()).isEqualTo("Move to Enterprise");
        assertThat(section.error.isVisible()).isFalse();
    }

    @Test
    void an_operator_grants_credits_with_a_reason_and_errors_show_at_their_fields() {
        BillingOperatorSection section = open();
        _click(section.adjust);
        AdjustCreditsDialog dialog = _get(AdjustCreditsDialog.class);

        _click(dialog.apply);
        assertThat(dialog.credits.isInvalid()).isTrue();
        _setValue(dialog.credits, "250.5");
        _click(dialog.apply);
        assertThat(dialog.reason.isInvalid()).isTrue();
        assertThat(dialog.reason.getErrorMessage()).contains("audit log");
        _setValue(dialog.reason, "Refund for the outage");
        _click(dialog.apply);

        NotificationsKt.expectNotifications("Granted 250.5 credits. 250.5 credits available now.");
        assertThat(available()).isEqualByComparingTo("250.5");
        assertThat(GridKt._size(section.adjustmentsGrid)).isEqualTo(1);
        assertThat(OPS.audit().entriesOf(workspace.id()).getLast().actor().operator())
                .isTrue();
    }

    @Test
    void a_debit_is_confirmed_first_and_refused_beyond_the_balance() {
        OPS.adjustments().adjust(workspace.id(), BigDecimal.TEN, "Start");
        BillingOperatorSection section = open();
        _click(section.adjust);
        AdjustCreditsDialog dialog = _get(AdjustCreditsDialog.class);
        _setValue(dialog.direction, AdjustCreditsDialog.DEBIT);
        assertThat(dialog.apply.getText()).isEqualTo(AdjustCreditsDialog.DEBIT);
        _setValue(dialog.credits, "20");
        _setValue(dialog.reason, "Clawback");
        _click(dialog.apply);

        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getText()).contains("members see the debit");
        _click(confirm.getConfirmButton());

        assertThat(dialog.credits.isInvalid()).isTrue();
        assertThat(dialog.credits.getErrorMessage()).contains("10 credits available");
        assertThat(available()).isEqualByComparingTo("10");

        _setValue(dialog.credits, "4");
        _click(dialog.apply);
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());
        NotificationsKt.expectNotifications("Debited 4 credits. 6 credits available now.");
        assertThat(available()).isEqualByComparingTo("6");
    }

    @Test
    void the_enterprise_terms_form_refuses_in_plain_words_and_moves_the_workspace_to_enterprise() {
        BillingOperatorSection section = open();
        _click(section.terms);
        EnterpriseTermsDialog dialog = _get(EnterpriseTermsDialog.class);
        assertThat(dialog.save.getText()).isEqualTo("Move to Enterprise");
        assertThat(dialog.monthlyFee.getValue()).isEqualTo("5000");

        _setValue(dialog.monthlyFee, "five thousand");
        _setValue(dialog.rateLimit, "0");
        _click(dialog.save);
        assertThat(dialog.monthlyFee.isInvalid()).isTrue();
        assertThat(dialog.monthlyFee.getErrorMessage()).startsWith("Enter a fee such as");
        assertThat(dialog.rateLimit.isInvalid()).isTrue();

        _setValue(dialog.monthlyFee, "4,000");
        _setValue(dialog.rateLimit, "600");
        _click(dialog.addTier);
        _click(dialog.addTier);
        _setValue(dialog.tiers.get(0).fromCredits, "5000000");
        _setValue(dialog.tiers.get(0).price, "0.003");
        _setValue(dialog.tiers.get(1).fromCredits, "1000000");
        _setValue(dialog.tiers.get(1).price, "0.0041");
        _click(dialog.save);
        assertThat(dialog.reason.isInvalid()).isTrue();

        _setValue(dialog.reason, "Contract 2026-114");
        _click(dialog.save);

        NotificationsKt.expectNotifications("The workspace is on Enterprise now, on these terms.");
        OperatorBilling.Overview o = OPS.bean(OperatorBilling.class).overview(workspace.id());
        assertThat(o.account().plan().id()).isEqualTo(Plan.ENTERPRISE);
        assertThat(o.account().plan().rateLimit()).isEqualTo(600);
        assertThat(o.terms().monthlyFee()).isEqualByComparingTo("4000");
        assertThat(o.terms().tiers())
                .extracting(t -> t.fromCredits().stripTrailingZeros().toPlainString())
                .containsExactly("1000000", "5000000");
        assertThat(section.terms.getText()).isEqualTo("Enterprise terms");
        assertThat(section.summary.getElement().getTextRecursively()).contains("Enterprise");
    }

    @Test
    void an_open_invoice_is_marked_paid_with_what_was_received() {
        Invoices.Invoice invoice = OPS.openInvoice(workspace);
        BillingOperatorSection section = open();
        assertThat(GridKt._size(section.invoices)).isEqualTo(1);
        Button markPaid = (Button) GridKt._getCellComponent(section.invoices, 0, "actions");
        _click(markPaid);
        MarkPaidDialog dialog = _get(MarkPaidDialog.class);
        assertThat(dialog.getHeaderTitle()).isEqualTo("Mark " + invoice.number() + " paid?");

        _click(dialog.confirm);
        assertThat(dialog.reason.isInvalid()).isTrue();
        _setValue(dialog.reason, "Bank transfer of 20 Nov, ref 8812");
        _click(dialog.confirm);

        NotificationsKt.expectNotifications(invoice.number() + " is marked paid.");
        assertThat(section.overview.invoices().getFirst().status()).isEqualTo(Invoices.Status.PAID);
        assertThat(GridKt._getCellComponent(section.invoices, 0, "actions")).isNotInstanceOf(Button.class);
    }

    @Test
    void a_member_is_shown_a_refusal_not_the_billing() {
        OPS.context().signIn(OPS.members().newMember(workspace, Role.OWNER), workspace);

        BillingOperatorSection section = open();

        assertThat(section.error.isVisible()).isTrue();
        assertThat(section.error.getText()).contains("only the install's operators");
        assertThat(section.adjust.isEnabled()).isFalse();
    }
}
