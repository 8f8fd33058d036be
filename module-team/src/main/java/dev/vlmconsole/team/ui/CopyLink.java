package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.ui.Notifications;

/**
 * An accept link to copy, when no mail server sends it: the link in a read-only field (select it and
 * copy by hand) and a button that puts it on the clipboard. Shown once; the console cannot show it
 * again (only a hash of its token is stored).
 */
@StyleSheet(TeamView.STYLESHEET)
class CopyLink extends HorizontalLayout {

    final TextField link = new TextField();
    final Button copy = new Button("Copy link", VaadinIcon.COPY_O.create());

    CopyLink(String email, String url) {
        addClassName("team-copy-link");
        setWidthFull();
        setAlignItems(FlexComponent.Alignment.BASELINE);
        link.setValue(url);
        link.setReadOnly(true);
        link.setAriaLabel("Invitation link for " + email);
        link.addClassName("team-link-value");
        link.addFocusListener(e -> link.getElement().executeJs("this.inputElement.select()"));
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        copy.setAriaLabel("Copy the invitation link for " + email);
        copy.addClickListener(e -> {
            // the clipboard needs https (or localhost): where the browser refuses, say how to copy by hand
            copy.getElement()
                    .executeJs("return navigator.clipboard.writeText($0).then(() => true)", url)
                    .then(
                            ok -> Notifications.info("Link for " + email + " copied to the clipboard"),
                            failed -> Notifications.error(
                                    "The browser did not allow copying: select the link and copy it by hand."));
        });
        addAndExpand(link);
        add(copy);
    }
}
