package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import dev.vlmconsole.billing.operators.OperatorBilling;
import dev.vlmconsole.billing.ui.BillingText;

/**
 * "Mark paid": confirms that an offline payment of an open invoice arrived, with what was received as
 * the reason. "Cancel" has the focus, so that Enter on a dialog opened by mistake marks nothing.
 */
class MarkPaidDialog extends Dialog {

    final TextArea reason = new TextArea("What was received");
    final Button cancel = new Button("Cancel");
    final Button confirm = new Button("Mark paid");
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors = new FieldErrors().bind("reason", reason);

    MarkPaidDialog(OperatorBilling billing, Invoice invoice, Runnable done) {
        setHeaderTitle("Mark " + invoice.number() + " paid?");
        setRole("alertdialog");
        setWidth("min(30rem, 94vw)");
        addClassName("billing-op-mark-paid");
        add(new Paragraph(BillingText.money(invoice.total()) + " for "
                + BillingText.period(invoice.periodStart(), invoice.periodEnd())
                + " is recorded as paid now; what the invoice buys (a top-up's credits) is granted. This cannot be "
                + "undone."));
        reason.setWidthFull();
        reason.setMaxLength(500);
        reason.setRequiredIndicatorVisible(true);
        reason.setHelperText("Such as \"Bank transfer of 3 Nov, ref 8812\": shown in the workspace's audit log");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        add(reason, formError);
        confirm.addThemeVariants(ButtonVariant.PRIMARY);
        confirm.addClickListener(e -> {
            errors.clear();
            formError.setVisible(false);
            try {
                billing.markPaid(invoice.workspaceId(), invoice.id(), reason.getValue());
                close();
                Notifications.success(invoice.number() + " is marked paid.");
                done.run();
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    formError.setText(unplaced.message());
                    formError.setVisible(true);
                });
            } catch (RuntimeException ex) {
                formError.setText(OperatorText.refused("The invoice was not marked paid", ex));
                formError.setVisible(true);
            }
        });
        cancel.addClickListener(e -> close());
        cancel.setAutofocus(true);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                cancel.focus();
            }
        });
        getFooter().add(cancel, confirm);
    }
}
