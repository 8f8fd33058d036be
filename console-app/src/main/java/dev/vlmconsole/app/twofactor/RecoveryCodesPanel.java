package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Recovery codes, shown once, to copy or download. */
class RecoveryCodesPanel extends VerticalLayout {

    final Pre codes;

    RecoveryCodesPanel(List<String> recovery) {
        setPadding(false);
        String text = String.join("\n", recovery);
        codes = new Pre(text);
        codes.addClassName("recovery-codes");
        Button copy = new Button("Copy", e -> {
            getElement().executeJs("return navigator.clipboard.writeText($0)", text);
            Notification.show("Copied", 2000, Notification.Position.BOTTOM_START);
        });
        String file = "Recovery codes for " + TwoFactorService.ISSUER
                + " (each works once, instead of an authenticator app code)\n\n" + text + "\n";
        Anchor download = new Anchor(
                "data:text/plain;charset=utf-8,"
                        + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"),
                "Download");
        download.getElement().setAttribute("download", "recovery-codes.txt");
        add(
                new Paragraph("Your recovery codes. Each signs you in once if you lose your phone. They are shown "
                        + "only now: copy or download them and keep them somewhere safe, such as a password manager."),
                codes,
                new HorizontalLayout(copy, download));
    }
}
