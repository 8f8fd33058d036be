package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.invoices.BillingProfiles;

/** Enterprise's "Contact sales": a message that operators see (and that is mailed to sales when set). */
class ContactSalesDialog extends Dialog {

    /** Longest message accepted here; the service checks again. */
    static final int MAX_LENGTH = 4000;

    final TextArea message = new TextArea("Message");
    final Button send = new Button("Send to sales");
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors = new FieldErrors().bind("message", message);

    ContactSalesDialog(BillingProfiles profiles) {
        setHeaderTitle("Contact sales about Enterprise");
        setWidth("min(34rem, 94vw)");
        addClassName("billing-contact-sales");
        Paragraph intro = new Paragraph("Enterprise terms (monthly fee, allowance, rate limit, volume prices, "
                + "in-VPC deployment, SLAs) are agreed with sales and then set for this workspace by support. "
                + "Tell us what you need; we answer by email.");
        message.setWidthFull();
        message.setMinHeight("8rem");
        message.setMaxLength(MAX_LENGTH);
        message.setRequiredIndicatorVisible(true);
        message.setHelperText("Expected monthly volume, what you need, and how to reach you.");
        message.setAutofocus(true);
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        add(intro, message, formError);

        send.addThemeVariants(ButtonVariant.PRIMARY);
        send.addClickListener(e -> {
            errors.clear();
            formError.setVisible(false);
            if (message.getValue().isBlank()) {
                errors.show(InvalidInputException.of("message", "Write a few words for sales."));
                return;
            }
            try {
                profiles.contactSales(message.getValue().strip());
                close();
                Notifications.success("Sent to sales. They will answer by email.");
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    formError.setText(unplaced.message());
                    formError.setVisible(true);
                });
            } catch (RuntimeException ex) {
                formError.setText(BillingText.refused("The message was not sent", ex));
                formError.setVisible(true);
            }
        });
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, send);
    }
}
