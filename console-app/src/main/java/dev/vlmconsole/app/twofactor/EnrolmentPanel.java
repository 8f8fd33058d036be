package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldVariant;
import dev.vlmconsole.api.InvalidInputException;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Setting up two-factor sign-in: the QR code and the secret as text (for typing into an app by hand),
 * and the code that proves the app has it. The secret lives in this panel until the code is confirmed;
 * it is stored then and never shown again.
 */
class EnrolmentPanel extends VerticalLayout {

    final TextField secretText = new TextField("Or type this key into the app");
    final TextField code = new TextField("Code from the app");
    final Button confirm;

    EnrolmentPanel(TwoFactorService service, Consumer<List<String>> confirmed) {
        setPadding(false);
        TwoFactorService.Enrolment enrolment = service.begin();
        Image qr = new Image(
                "data:image/png;base64," + Base64.getEncoder().encodeToString(enrolment.qrPng()),
                "QR code to scan with an authenticator app");
        qr.setWidth("220px");
        qr.setHeight("220px");
        secretText.setValue(groups(enrolment.secret()));
        secretText.setReadOnly(true);
        secretText.setWidth("28em");
        secretText.addThemeVariants(TextFieldVariant.LUMO_SMALL);
        secretText.setHelperText("Time-based, 6 digits, every 30 seconds.");
        code.setMaxLength(10);
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.getElement().setAttribute("inputmode", "numeric");
        confirm = new Button("Turn on", e -> {
            code.setInvalid(false);
            try {
                List<String> recovery = service.confirm(enrolment.secret(), code.getValue());
                confirmed.accept(recovery);
            } catch (InvalidInputException ex) {
                code.setErrorMessage(ex.getMessage());
                code.setInvalid(true);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClickShortcut(Key.ENTER);
        add(
                new OrderedList(
                        new ListItem("Open an authenticator app on your phone (such as Google Authenticator, "
                                + "Microsoft Authenticator, 1Password or Aegis) and add an account."),
                        new ListItem("Scan this QR code, or type the key below."),
                        new ListItem("Enter the 6-digit code the app shows.")),
                qr,
                secretText,
                code,
                confirm,
                new Paragraph("You will get recovery codes next: keep them somewhere safe."));
    }

    /** The key in groups of four, as apps show it; spaces do not matter when typed. */
    static String groups(String secret) {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
