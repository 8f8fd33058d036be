package dev.vlmconsole.app.audit;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.app.modules.CoreModule;
import jakarta.annotation.security.PermitAll;

/**
 * The install-wide audit log for operators ({@link Permissions#OPERATOR}): the entries without a
 * workspace (operators' actions on the install, first run, platform keys, retention, erasures),
 * with the workspace page's filters, exports and integrity check, and "Erase a person" for
 * data-protection requests (DD026). Declared in {@link CoreModule#navigation()}; the service checks
 * the permission again on every call.
 */
@PageTitle("Audit log (install)")
@PermitAll
public class InstallAuditLogView extends AuditLogView {

    /** The page's path. */
    public static final String PATH = "operators/audit";

    private final AuditLogService audit;
    final Button erase = new Button("Erase a person", VaadinIcon.USER_CLOCK.create());

    public InstallAuditLogView(AuditLogService audit, AuditTargetTypes types) {
        super(audit, types, AuditLogService.Scope.INSTALL, "Audit log (install)", "Operator");
        this.audit = audit;
        erase.addThemeVariants(ButtonVariant.ERROR);
        erase.addClickListener(e -> new EraseDialog().open());
        addComponentAtIndex(1, erase);
    }

    /** Asks for the email and the reason; erasing cannot be undone. */
    final class EraseDialog extends Dialog {

        final EmailField email = new EmailField("Email of the person");
        final TextArea reason = new TextArea("Reason");
        final Button confirm = new Button("Erase person");
        private final FieldErrors errors =
                new FieldErrors().bind("email", email).bind("reason", reason);

        EraseDialog() {
            setHeaderTitle("Erase a person from the audit log?");
            setRole("alertdialog");
            setWidth("min(30rem, 94vw)");
            email.setRequiredIndicatorVisible(true);
            email.setWidthFull();
            reason.setRequiredIndicatorVisible(true);
            reason.setMaxLength(500);
            reason.setHelperText("For example the reference of the data-protection request");
            reason.setWidthFull();
            add(
                    new Paragraph("Every name and email the audit logs hold for this address will show as a pseudonym,"
                            + " in every workspace, on these pages, in exports and on the API. The entries themselves"
                            + " stay, and so do their hash chains. This cannot be undone."),
                    email,
                    reason);
            Button cancel = new Button("Cancel", e -> close());
            cancel.setAutofocus(true);
            confirm.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
            confirm.addClickListener(e -> confirm());
            getFooter().add(cancel, confirm);
        }

        private void confirm() {
            errors.clear();
            try {
                AuditPeople.Erasure done = audit.erase(email.getValue(), reason.getValue());
                close();
                Notifications.success(
                        done.references() == 0
                                ? "The audit log held nothing under this address; the request is recorded as "
                                        + done.pseudonym() + "."
                                : "Erased: this person now shows as " + done.pseudonym() + ".");
                reload();
            } catch (InvalidInputException refused) {
                errors.show(refused).forEach(unplaced -> Notifications.error(unplaced.message()));
            }
        }
    }
}
