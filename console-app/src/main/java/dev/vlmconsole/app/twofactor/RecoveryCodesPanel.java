package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
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
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        Anchor download = new Anchor(
                DownloadHandler.fromInputStream(event -> new DownloadResponse(
                        new ByteArrayInputStream(bytes),
                        "recovery-codes.txt",
                        "text/plain;charset=utf-8",
                        bytes.length)),
                AttachmentType.DOWNLOAD,
                "Download");
        add(
                new Paragraph("Your recovery codes. Each signs you in once if you lose your phone. They are shown "
                        + "only now: copy or download them and keep them somewhere safe, such as a password manager."),
                codes,
                actions(copy, download));
    }

    /** The button and the download link on one line, centred on each other (a link sits lower on its baseline). */
    private static HorizontalLayout actions(Button copy, Anchor download) {
        HorizontalLayout row = new HorizontalLayout(copy, download);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return row;
    }
}
