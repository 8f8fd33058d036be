package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.operators.CreditAdjustments;
import dev.vlmconsole.billing.operators.OperatorBilling;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.ui.BillingText;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * The Billing section of an operator's page of one workspace (module-api {@code OperatorSection}):
 * plan and cycle, the balance broken down, and the operators' actions on it, each with a reason that
 * the workspace's members see in their audit log: adjust credits, Enterprise terms (moving the
 * workspace there), mark an open invoice paid, and the tax rate. The services check the operator
 * permission on every read and change.
 */
@StyleSheet(OperatorText.STYLESHEET)
public class BillingOperatorSection extends Div {

    /** The section's id. */
    public static final String ID = "billing.operators";

    private final OperatorBilling billing;
    private final CreditAdjustments adjustments;
    private final BillingProperties settings;
    private final ZoneId zone;

    private UUID workspaceId;
    OperatorBilling.Overview overview;

    final Button adjust = new Button("Adjust credits", VaadinIcon.PLUS_MINUS.create());
    final Button terms = new Button("Enterprise terms", VaadinIcon.HANDSHAKE.create());
    final Grid<Ledger.Entry> adjustmentsGrid = new Grid<>();
    final Grid<Invoice> invoices = new Grid<>();
    final TextField taxRate = new TextField("Tax rate (%)");
    final TextField taxReason = new TextField("Reason");
    final Button saveTax = new Button("Save tax rate");
    final Div summary = new Div();
    final Paragraph error = new Paragraph();
    private final FieldErrors taxErrors =
            new FieldErrors().bind("taxRate", taxRate).bind("reason", taxReason);

    public BillingOperatorSection(OperatorBilling billing, CreditAdjustments adjustments, BillingProperties settings) {
        this.billing = billing;
        this.adjustments = adjustments;
        this.settings = settings;
        this.zone = settings.timeZone();
        addClassName("billing-op-section");
        setWidthFull();
        adjust.addThemeVariants(ButtonVariant.PRIMARY);
        adjust.addClickListener(e -> openAdjust());
        terms.addClickListener(e -> openTerms());
        HorizontalLayout actions = new HorizontalLayout(adjust, terms);
        actions.addClassName("billing-op-actions");

        adjustmentsGrid
                .addColumn(a -> OperatorText.when(a.at(), zone))
                .setHeader("When")
                .setAutoWidth(true);
        adjustmentsGrid
                .addColumn(a -> (a.credits().signum() > 0 ? "+" : "") + BillingText.credits(a.credits()))
                .setHeader("Credits")
                .setAutoWidth(true)
                .setPartNameGenerator(a -> "billing-number");
        adjustmentsGrid
                .addColumn(a -> a.reason() == null ? "" : a.reason())
                .setHeader("Reason")
                .setFlexGrow(1);
        adjustmentsGrid
                .addColumn(a -> a.actor() == null ? "" : a.actor())
                .setHeader("By")
                .setAutoWidth(true);
        adjustmentsGrid.setAllRowsVisible(true);
        adjustmentsGrid.addClassName("billing-op-grid");
        adjustmentsGrid.setEmptyStateComponent(new EmptyState(
                "No adjustments this cycle", "Grants and debits made by operators in the current cycle appear here."));

        invoices.addColumn(Invoice::number).setHeader("Number").setKey("number").setAutoWidth(true);
        invoices.addColumn(i -> BillingText.period(i.periodStart(), i.periodEnd()))
                .setHeader("Period")
                .setKey("period")
                .setAutoWidth(true);
        invoices.addColumn(i -> BillingText.money(i.total()))
                .setHeader("Total")
                .setKey("total")
                .setAutoWidth(true)
                .setPartNameGenerator(i -> "billing-number");
        invoices.addComponentColumn(BillingOperatorSection::status)
                .setHeader("Status")
                .setKey("status")
                .setWidth("8rem")
                .setFlexGrow(0);
        invoices.addColumn(i -> BillingText.ISO_DAY.format(i.issuedAt().atZone(zone)))
                .setHeader("Issued")
                .setKey("issued")
                .setAutoWidth(true);
        invoices.addComponentColumn(this::markPaidButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        invoices.setAllRowsVisible(true);
        invoices.addClassName("billing-op-grid");
        invoices.setEmptyStateComponent(new EmptyState(
                VaadinIcon.FILE_TEXT_O.create(),
                "No invoices yet",
                "An invoice is issued when a cycle closes with something to charge, and for each top-up."));

        taxRate.setHelperText("0 to 100, charged on invoices issued from now on");
        taxReason.setHelperText("Shown in the workspace's audit log");
        taxReason.setMaxLength(500);
        taxReason.setWidth("min(24rem, 100%)");
        saveTax.addClickListener(e -> saveTaxRate());
        HorizontalLayout tax = new HorizontalLayout(taxRate, taxReason, saveTax);
        tax.setAlignItems(FlexComponent.Alignment.BASELINE);
        tax.setWrap(true);

        error.addClassName("billing-form-error");
        error.setVisible(false);
        add(
                summary,
                actions,
                error,
                new H3("Adjustments this cycle"),
                adjustmentsGrid,
                new H3("Invoices"),
                invoices,
                new H3("Tax rate"),
                tax);
    }

    /** Shows the workspace with this id (called by the operators' page on each visit). */
    public BillingOperatorSection show(UUID workspaceId) {
        this.workspaceId = workspaceId;
        refresh();
        return this;
    }

    void refresh() {
        try {
            overview = billing.overview(workspaceId);
        } catch (RuntimeException ex) {
            error.setText(OperatorText.refused("The billing of this workspace cannot be shown", ex));
            error.setVisible(true);
            adjust.setEnabled(false);
            terms.setEnabled(false);
            saveTax.setEnabled(false);
            return;
        }
        error.setVisible(false);
        summary.removeAll();
        summary.add(summaryOf(overview));
        adjustmentsGrid.setItems(overview.adjustments());
        invoices.setItems(overview.invoices());
        taxRate.setValue(overview.taxRate().toPlainString());
        taxReason.clear();
        terms.setText(
                overview.account().plan().id().equals(Plan.ENTERPRISE) ? "Enterprise terms" : "Move to Enterprise");
    }

    private Component summaryOf(OperatorBilling.Overview o) {
        Subscriptions.Account a = o.account();
        Balance b = a.balance();
        Div plan = new Div();
        plan.addClassNames("billing-card", "billing-op-plan");
        Span eyebrow = new Span("Plan");
        eyebrow.addClassName("billing-eyebrow");
        Span name = new Span(a.plan().name());
        name.addClassName("billing-plan-name");
        plan.add(eyebrow, new Div(name));
        plan.add(new Paragraph(
                "Cycle " + BillingText.period(a.cycleStart(), a.cycleEnd().minusDays(1)) + ", resets "
                        + BillingText.day(a.cycleEnd()) + ". Rate limit " + BillingText.rate(a.plan()) + "."));
        if (a.plan().id().equals(Plan.ENTERPRISE)) {
            plan.add(new Paragraph(
                    o.terms() == null
                            ? "On the configured Enterprise defaults (no terms of its own yet)."
                            : "On its own Enterprise terms: "
                                    + BillingText.money(a.plan().monthlyFee()) + " a month, "
                                    + BillingText.creditsWord(a.plan().allowance()) + " included."));
        }
        if (a.scheduledPlan() != null) {
            plan.add(new Paragraph(
                    "Moves to " + a.scheduledPlan().name() + " on " + BillingText.day(a.cycleEnd()) + "."));
        }
        if (a.blocked()) {
            plan.add(new StatusBadge("Blocked", StatusBadge.Tone.ERROR));
            plan.add(new Paragraph("Verification answers INSUFFICIENT_CREDITS: the hard spending limit is reached "
                    + "and no credits are left."));
        }

        Div balance = new Div();
        balance.addClassNames("billing-card", "billing-op-balance");
        Span eyebrow2 = new Span("Credits");
        eyebrow2.addClassName("billing-eyebrow");
        balance.add(eyebrow2);
        balance.add(line("Available", b.available()));
        balance.add(line("Allowance left", b.allowance()));
        balance.add(line("Grants left", b.grants()));
        balance.add(line("Top-ups left", b.topUps()));
        balance.add(line("Used this cycle", b.cycleUsage()));
        balance.add(line("of which overage", b.cycleOverage()));
        Paragraph upcoming = new Paragraph("Upcoming invoice as it stands: " + BillingText.money(a.upcomingInvoice())
                + (a.limit() == null
                        ? ". No spending limit."
                        : ". Spending limit " + BillingText.money(a.limit())
                                + (a.hardLimit() ? " (hard)." : " (soft).")));
        upcoming.addClassName("billing-muted");
        balance.add(upcoming);

        Div grid = new Div(plan, balance);
        grid.addClassName("billing-summary");
        return grid;
    }

    private static Div line(String label, BigDecimal credits) {
        Span l = new Span(label);
        Span v = new Span(BillingText.credits(credits));
        v.addClassName("billing-number");
        Div row = new Div(l, v);
        row.addClassName("billing-op-line");
        return row;
    }

    private static Component status(Invoice i) {
        return switch (i.status()) {
            case PAID -> new StatusBadge("Paid", StatusBadge.Tone.SUCCESS);
            case OPEN -> new StatusBadge("Open", StatusBadge.Tone.WARNING);
            case NOTHING_DUE -> new StatusBadge("Nothing due", StatusBadge.Tone.NEUTRAL);
        };
    }

    private Component markPaidButton(Invoice invoice) {
        if (invoice.status() != Invoices.Status.OPEN) {
            return new Span();
        }
        Button b = new Button("Mark paid", e -> new MarkPaidDialog(billing, invoice, this::refresh).open());
        b.addThemeVariants(ButtonVariant.SMALL);
        return b;
    }

    private void openAdjust() {
        new AdjustCreditsDialog(
                        adjustments,
                        workspaceId,
                        overview.workspace().name(),
                        overview.account().balance().available(),
                        this::refresh)
                .open();
    }

    private void openTerms() {
        boolean onEnterprise = overview.account().plan().id().equals(Plan.ENTERPRISE);
        EnterpriseTerms.Terms current = overview.terms() != null ? overview.terms() : defaults();
        new EnterpriseTermsDialog(
                        billing,
                        workspaceId,
                        overview.workspace().name(),
                        onEnterprise,
                        current,
                        settings.currency().getCurrencyCode(),
                        this::refresh)
                .open();
    }

    private EnterpriseTerms.Terms defaults() {
        BillingProperties.Enterprise e = settings.enterprise();
        return new EnterpriseTerms.Terms(
                e.monthlyFee(), e.allowance(), e.pricePerCredit(), List.of(), e.rateLimit(), e.ratePeriod());
    }

    private void saveTaxRate() {
        taxErrors.clear();
        try {
            BigDecimal percent = BillingText.amount("taxRate", taxRate.getValue());
            billing.setTaxRate(workspaceId, percent, taxReason.getValue());
            Notifications.success(
                    "The tax rate is " + percent.stripTrailingZeros().toPlainString() + " % now.");
            refresh();
        } catch (InvalidInputException ex) {
            taxErrors.show(ex).forEach(unplaced -> Notifications.error(unplaced.message()));
        } catch (RuntimeException ex) {
            Notifications.error(OperatorText.refused("The tax rate was not changed", ex));
        }
    }
}
