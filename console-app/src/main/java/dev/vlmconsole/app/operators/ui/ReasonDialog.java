package dev.vlmconsole.app.operators.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.app.operators.OperatorReason;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Asks for the reason an operator action takes (required, recorded in the audit log), says what the
 * action does, and runs it. For an action that stops something (suspend, withdraw) the confirm button
 * is in the error colour and "Cancel" has the focus, as in the kit's {@code DestructiveConfirmDialog}:
 * the dialog is the confirmation. A refused reason is shown at the field and the dialog stays open;
 * refusals of other fields close it and go to {@link #onRefused}; a refusal for another cause (no
 * longer an operator, the workspace gone, the last operator) closes it and says so. Public for the
 * operators' pages of other packages (the domain claims of {@code app.sso.ui}).
 */
public class ReasonDialog extends Dialog {

    /** The action, given the reason as typed; it checks it (the service does). */
    @FunctionalInterface
    public interface Action {
        void run(String reason);
    }

    final TextArea reason = new TextArea("Reason");
    final Button cancel = new Button("Cancel");
    final Button confirm;
    private final FieldErrors errors = new FieldErrors();
    private Consumer<InvalidInputException> onRefused = e -> {};

    public ReasonDialog(String title, String text, String confirmLabel, boolean destructive, Action action) {
        Objects.requireNonNull(action, "action");
        setHeaderTitle(title);
        addClassName("operators-reason-dialog");
        setWidth("min(32rem, 94vw)");
        if (destructive) {
            setRole("alertdialog");
        }
        reason.setRequired(true);
        reason.setMaxLength(OperatorReason.MAX_LENGTH);
        reason.setHelperText("Recorded in the audit log with your name.");
        reason.setWidthFull();
        reason.setMinHeight("6rem");
        errors.bind(OperatorReason.FIELD, reason);
        add(new Paragraph(text), reason);

        confirm = new Button(confirmLabel);
        confirm.addThemeVariants(ButtonVariant.PRIMARY);
        if (destructive) {
            confirm.addThemeVariants(ButtonVariant.ERROR);
            cancel.setAutofocus(true);
        } else {
            reason.setAutofocus(true);
        }
        confirm.addClickListener(e -> {
            errors.clear();
            try {
                action.run(reason.getValue());
                close();
            } catch (InvalidInputException refused) {
                List<InvalidInputException.FieldError> elsewhere = errors.show(refused);
                if (!elsewhere.isEmpty()
                        && refused.messageFor(OperatorReason.FIELD).isEmpty()) {
                    close();
                    onRefused.accept(refused);
                }
            } catch (PermissionDeniedException denied) {
                close();
                Notifications.error("Nothing was done: you are no longer an operator.");
            } catch (NoSuchElementException | IllegalStateException refused) {
                // gone meanwhile, or a rule such as the last operator's: the message says which, in words
                close();
                Notifications.error("Nothing was done: " + refused.getMessage());
            }
        });
        cancel.addClickListener(e -> close());
        getFooter().add(cancel, confirm);
    }

    /** Where refusals of other fields than the reason go (the dialog closes first). */
    public ReasonDialog onRefused(Consumer<InvalidInputException> handler) {
        this.onRefused = Objects.requireNonNull(handler);
        return this;
    }
}
