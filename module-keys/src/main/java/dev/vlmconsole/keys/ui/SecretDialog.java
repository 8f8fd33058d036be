package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.ui.Notifications;

/**
 * Shows a new secret once, with a copy button and how to use it. Closing it is the last time
 * anyone sees the secret: the console stores only its hash.
 */
@StyleSheet(KeysView.STYLESHEET)
class SecretDialog extends Dialog {

    final TextField secretField = new TextField("Your new key");

    SecretDialog(String title, String secret, String baseUrl) {
        setHeaderTitle(title);
        setCloseOnOutsideClick(false);
        setWidth("min(40rem, 95vw)");
        Paragraph warning = new Paragraph("Copy it now: you won't be able to see it again. Treat it like a password: "
                + "keep it out of source control and share it only through a secrets manager.");
        warning.addClassName("keys-secret-warning");
        secretField.setValue(secret);
        secretField.setReadOnly(true);
        secretField.setWidthFull();
        secretField.addClassName("keys-secret-value");
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
            secretField.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", secret);
            Notifications.info("Copied to the clipboard");
        });
        copy.addClassName("keys-copy-secret");
        HorizontalLayout row = new HorizontalLayout(secretField, copy);
        row.setWidthFull();
        row.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        Pre usage = new Pre("export VLMRUN_API_KEY=" + secret + "\n\n"
                + "curl -H \"Authorization: Bearer $VLMRUN_API_KEY\" " + baseUrl + "/api/v1/me");
        usage.addClassName("keys-usage-hint");
        add(warning, row, new Paragraph("Set it as VLMRUN_API_KEY so the SDKs and the CLI pick it up:"), usage);
        Button done = new Button("I've copied it", e -> close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
    }
}
