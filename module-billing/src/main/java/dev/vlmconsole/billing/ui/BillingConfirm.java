package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import java.util.List;

/**
 * Asks before a change that costs money or takes effect later (upgrade, downgrade, a top-up): what
 * happens, in sentences with the figures, and a button that repeats the verb. Not destructive, so
 * the confirm button is the primary colour; "Cancel" has the focus when it opens, so that Enter on a
 * dialog opened by mistake buys nothing. Confirming closes the dialog, then runs the action once.
 * (Destructive actions use the UI kit's {@code DestructiveConfirmDialog}.)
 */
class BillingConfirm extends Dialog {

    final Button cancel = new Button("Cancel");
    final Button confirm;
    private final List<String> sentences;

    BillingConfirm(String title, List<String> sentences, String confirmLabel, Runnable onConfirm) {
        this.sentences = List.copyOf(sentences);
        setHeaderTitle(title);
        addClassName("billing-confirm");
        setWidth("min(32rem, 94vw)");
        sentences.forEach(s -> add(new Paragraph(s)));
        confirm = new Button(confirmLabel);
        confirm.addThemeVariants(ButtonVariant.PRIMARY);
        confirm.setDisableOnClick(true);
        confirm.addClickListener(e -> {
            close();
            onConfirm.run();
        });
        cancel.addClickListener(e -> close());
        cancel.setAutofocus(true);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                cancel.focus();
            }
        });
        getFooter().add(cancel, confirm);
    }

    /** The sentences, in order. */
    List<String> sentences() {
        return sentences;
    }
}
