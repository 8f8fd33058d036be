package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.app.signin.SignInPausedException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * The profile page's "Two-factor sign-in" section: set it up, new recovery codes, turn it off (both
 * with the password; turning off not while it is required of the person, and the section says why);
 * and, for an Owner of the acting workspace, the workspace's "Require two-factor sign-in for members".
 */
public class TwoFactorSection extends VerticalLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu");

    private final TwoFactorService service;
    final Button setUp = new Button("Set up two-factor sign-in");
    final Button newCodes = new Button("New recovery codes");
    final Button turnOff = new Button("Turn off");
    final Checkbox requireForMembers = new Checkbox("Require two-factor sign-in for members");

    public TwoFactorSection(TwoFactorService service) {
        this.service = service;
        setPadding(false);
        setUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        setUp.addClickListener(e -> startEnrolment());
        newCodes.addClickListener(e -> askPassword(
                "New recovery codes",
                "Your current recovery codes stop working. Enter your password to make ten new ones.",
                "Make new codes",
                password -> {
                    List<String> codes = service.newRecoveryCodes(password);
                    render();
                    add(new RecoveryCodesPanel(codes));
                    return "New recovery codes made";
                }));
        turnOff.addThemeVariants(ButtonVariant.LUMO_ERROR);
        turnOff.addClickListener(e -> askPassword(
                "Turn off two-factor sign-in?",
                "Signing in will take only your password. Enter your password to turn it off.",
                "Turn off",
                password -> {
                    service.disable(password);
                    render();
                    return "Two-factor sign-in is off";
                }));
        requireForMembers.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            try {
                service.requireForWorkspace(e.getValue());
                ok(e.getValue() ? "Members must now use two-factor sign-in" : "Two-factor sign-in is now optional");
            } catch (TwoFactorRequiredException ex) {
                requireForMembers.setValue(e.getOldValue());
                Notification.show(ex.getMessage(), 5000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_WARNING);
            }
        });
        render();
    }

    private void render() {
        removeAll();
        TwoFactorService.Status status = service.status();
        add(new H2("Two-factor sign-in"));
        if (!status.enabled()) {
            add(new Paragraph("Off. With it on, signing in takes a code from an authenticator app on your phone as "
                    + "well as your password, so a stolen password alone does not get in."));
            status.requiredBecause().ifPresent(why -> add(new Paragraph(why + " Set it up here.")));
            add(setUp);
        } else {
            add(new Paragraph("On since "
                    + DAY.format(status.enabledAt().orElseThrow().atOffset(ZoneOffset.UTC))
                    + ". " + status.recoveryCodesLeft() + " of " + TotpCodes.RECOVERY_CODES
                    + " recovery codes left."));
            turnOff.setEnabled(status.requiredBecause().isEmpty());
            add(new HorizontalLayout(newCodes, turnOff));
            status.requiredBecause().ifPresent(why -> add(new Paragraph(why + " It cannot be turned off.")));
        }
        if (service.canChangeWorkspaceSetting()) {
            requireForMembers.setValue(service.workspaceRequires());
            requireForMembers.setHelperText("Owners only. Members without it are asked to set it up when they next "
                    + "open this workspace. Turn it on for yourself first.");
            add(new H2("Workspace security"), requireForMembers);
        }
    }

    private void startEnrolment() {
        removeAll();
        add(new H2("Set up two-factor sign-in"));
        Button cancel = new Button("Cancel", e -> render());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(
                new EnrolmentPanel(service, codes -> {
                    render();
                    add(new RecoveryCodesPanel(codes));
                    ok("Two-factor sign-in is on");
                }),
                cancel);
    }

    /** A dialog asking for the password before {@code action}, which answers with its success message. */
    private void askPassword(String title, String text, String confirmText, Function<String, String> action) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        PasswordField password = new PasswordField("Password");
        password.setWidthFull();
        dialog.add(new Paragraph(text), password);
        Button confirm = new Button(confirmText, e -> {
            password.setInvalid(false);
            try {
                String message = action.apply(password.getValue());
                dialog.close();
                ok(message);
            } catch (SignInPausedException ex) {
                password.setErrorMessage(
                        "Too many wrong passwords. " + SignInPausedException.tryAgainIn(ex.retryAfter()));
                password.setInvalid(true);
            } catch (InvalidInputException ex) {
                password.setErrorMessage(ex.getMessage());
                password.setInvalid(true);
            } catch (TwoFactorRequiredException ex) {
                password.setErrorMessage(ex.getMessage());
                password.setInvalid(true);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }

    private static void ok(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
