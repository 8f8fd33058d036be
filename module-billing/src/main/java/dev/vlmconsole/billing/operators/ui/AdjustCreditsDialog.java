package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.operators.CreditAdjustments;
import dev.vlmconsole.billing.ui.BillingText;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * "Adjust credits": a grant or a debit of exact credits (up to 6 decimals) with a required reason. A
 * debit asks once more before it is made; the balance never goes below zero (the service refuses).
 */
class AdjustCreditsDialog extends Dialog {

    static final String GRANT = "Grant credits";
    static final String DEBIT = "Debit credits";

    final RadioButtonGroup<String> direction = new RadioButtonGroup<>("Adjustment");
    final TextField credits = new TextField("Credits");
    final TextArea reason = new TextArea("Reason");
    final Button apply = new Button(GRANT);
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors =
            new FieldErrors().bind("credits", credits).bind("reason", reason);

    AdjustCreditsDialog(
            CreditAdjustments adjustments,
            UUID workspaceId,
            String workspaceName,
            BigDecimal available,
            Runnable done) {
        setHeaderTitle("Adjust credits of " + workspaceName);
        setWidth("min(32rem, 94vw)");
        addClassName("billing-op-adjust");
        Paragraph intro = new Paragraph("Available now: " + BillingText.creditsWord(available)
                + ". Granted credits never expire; a debit takes allowance first, then grants, then top-ups, "
                + "and never more than the workspace has. Its members see the adjustment and the reason.");
        intro.addClassName("billing-muted");
        direction.setItems(GRANT, DEBIT);
        direction.setValue(GRANT);
        direction.addValueChangeListener(e -> apply.setText(e.getValue()));
        credits.setPlaceholder("250");
        credits.setHelperText("Exact credits, up to 6 decimals, such as 250 or 12.5");
        credits.setRequiredIndicatorVisible(true);
        credits.setAutofocus(true);
        reason.setWidthFull();
        reason.setMaxLength(500);
        reason.setRequiredIndicatorVisible(true);
        reason.setHelperText("Shown in the workspace's audit log, such as \"Refund for the outage on 12 Nov\"");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        add(intro, direction, credits, reason, formError);

        apply.addThemeVariants(ButtonVariant.PRIMARY);
        apply.addClickListener(e -> {
            errors.clear();
            formError.setVisible(false);
            BigDecimal amount;
            try {
                amount = BillingText.amount("credits", credits.getValue());
                if (amount == null || amount.signum() <= 0) {
                    throw InvalidInputException.of("credits", "Enter the credits, more than 0.");
                }
                if (reason.getValue().isBlank()) {
                    throw InvalidInputException.of(
                            "reason", "Say why: the workspace's members see the reason in their audit log.");
                }
            } catch (InvalidInputException ex) {
                errors.show(ex);
                return;
            }
            boolean debit = DEBIT.equals(direction.getValue());
            BigDecimal signed = debit ? amount.negate() : amount;
            Runnable act = () -> {
                try {
                    CreditAdjustments.Adjustment done1 = adjustments.adjust(workspaceId, signed, reason.getValue());
                    close();
                    Notifications.success((debit ? "Debited " : "Granted ") + BillingText.creditsWord(amount) + ". "
                            + BillingText.creditsWord(done1.available()) + " available now.");
                    done.run();
                } catch (InvalidInputException ex) {
                    errors.show(ex).forEach(unplaced -> {
                        formError.setText(unplaced.message());
                        formError.setVisible(true);
                    });
                } catch (RuntimeException ex) {
                    formError.setText(OperatorText.refused("Nothing was changed", ex));
                    formError.setVisible(true);
                }
            };
            if (debit) {
                new DestructiveConfirmDialog(
                                "Debit " + BillingText.creditsWord(amount) + " from " + workspaceName + "?",
                                "The credits are taken from the workspace now; its members see the debit and your "
                                        + "reason. Undo it with a grant.",
                                "Debit credits",
                                act)
                        .open();
            } else {
                act.run();
            }
        });
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, apply);
    }
}
