package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.invoices.TopUps.Pack;
import dev.vlmconsole.billing.invoices.TopUps.Purchase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Top-up packs: credits that never expire, bought with a confirmation stating the price; the
 * purchase shows its invoice and whether the credits were granted (with the offline provider: at
 * once, the invoice due by bank transfer).
 */
class TopUpPanel extends Div {

    private final TopUps topUps;
    private final BillingProfiles profiles;
    private final InvoicesPanel invoices;
    private final boolean manage;
    private final Runnable changed;

    TopUpPanel(TopUps topUps, BillingProfiles profiles, InvoicesPanel invoices, boolean manage, Runnable changed) {
        this.topUps = topUps;
        this.profiles = profiles;
        this.invoices = invoices;
        this.manage = manage;
        this.changed = changed;
        addClassName("billing-packs");
        for (Pack pack : topUps.packs()) {
            add(card(pack));
        }
    }

    private Div card(Pack pack) {
        Div card = new Div();
        card.addClassNames("billing-card", "billing-pack");
        card.getElement().setAttribute("data-pack", pack.id());
        H3 credits = new H3(BillingText.creditsWord(pack.credits()));
        Paragraph price = new Paragraph(BillingText.money(pack.price()));
        price.addClassName("billing-pack-price");
        Paragraph unit = new Paragraph(BillingText.money(unitPrice(pack)) + " per credit · never expire");
        unit.addClassName("billing-muted");
        card.add(credits, price, unit);
        if (manage) {
            Button buy = new Button("Buy", e -> confirmDialog(pack).open());
            buy.setAriaLabel(
                    "Buy " + BillingText.creditsWord(pack.credits()) + " for " + BillingText.money(pack.price()));
            card.add(buy);
        }
        return card;
    }

    static Money unitPrice(Pack pack) {
        return new Money(
                pack.price().amount().divide(pack.credits(), 6, RoundingMode.HALF_EVEN),
                pack.price().currency());
    }

    /**
     * The purchase's confirmation. One idempotency key per dialog: a second click, or a retry after a
     * lost answer, buys once.
     */
    BillingConfirm confirmDialog(Pack pack) {
        String idempotencyKey = "ui:" + UUID.randomUUID();
        BigDecimal taxRate = profiles.profile().taxRate();
        List<String> sentences = new ArrayList<>();
        sentences.add("An invoice of " + BillingText.money(pack.price())
                + (taxRate.signum() > 0
                        ? " plus " + taxRate.stripTrailingZeros().toPlainString() + " % tax"
                        : "")
                + " is issued to this workspace now.");
        sentences.add("Top-up credits never expire. They are used after this cycle's allowance and grants, before"
                + " anything becomes overage.");
        return new BillingConfirm(
                "Buy " + BillingText.creditsWord(pack.credits()) + "?",
                sentences,
                "Buy for " + BillingText.money(pack.price()),
                () -> buy(pack, idempotencyKey));
    }

    private void buy(Pack pack, String idempotencyKey) {
        Purchase purchase;
        try {
            purchase = topUps.buy(pack.id(), idempotencyKey);
        } catch (RuntimeException ex) {
            Notifications.error(BillingText.refused("Nothing was bought", ex));
            return;
        }
        changed.run();
        invoices.refresh();
        resultDialog(pack, purchase).open();
    }

    /** What the purchase did: its invoice, whether the credits were granted, how to pay. */
    Dialog resultDialog(Pack pack, Purchase purchase) {
        Invoices.Invoice invoice = purchase.invoice();
        Dialog d = new Dialog();
        d.addClassName("billing-purchase");
        d.setHeaderTitle(purchase.granted() ? "Credits added" : "Invoice issued");
        d.setWidth("min(32rem, 94vw)");
        d.add(new Paragraph("Invoice " + invoice.number() + ": " + BillingText.money(invoice.total()) + "."));
        d.add(new Paragraph(
                purchase.granted()
                        ? BillingText.creditsWord(pack.credits()) + " were added to your balance."
                        : "The " + BillingText.creditsWord(pack.credits()) + " are added once the payment is"
                                + " complete."));
        switch (purchase.outcome()) {
            case PaymentOutcome.AwaitingOfflinePayment offline ->
                d.add(new Paragraph("The invoice is due by bank transfer by " + BillingText.day(offline.dueDate())
                        + ". Quote " + offline.providerReference() + " with the payment."));
            case PaymentOutcome.Paid paid -> d.add(new Paragraph("Paid (" + paid.providerReference() + ")."));
            case PaymentOutcome.Pending pending -> {
                Anchor pay = new Anchor(pending.paymentPage().toString(), "Complete the payment");
                pay.setTarget(AnchorTarget.BLANK);
                pay.addClassName("billing-pay-link");
                d.add(new Paragraph(pay));
            }
            // a kind a later contract adds: pending, without a page (PaymentOutcome's javadoc)
            default -> d.add(new Paragraph("The payment is pending with the payment provider."));
        }
        d.add(new Paragraph(invoices.pdfLink(invoice)));
        Button close = new Button("Close", e -> d.close());
        close.addThemeVariants(ButtonVariant.PRIMARY);
        close.setAutofocus(true);
        d.getFooter().add(close);
        return d;
    }
}
