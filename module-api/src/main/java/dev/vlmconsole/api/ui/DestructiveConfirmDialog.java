package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import java.util.Objects;

/**
 * Asks before an action that cannot be undone (revoke a key, delete an endpoint, remove a member).
 *
 * <pre>{@code
 * new DestructiveConfirmDialog("Revoke 'Production ingest'?",
 *         "Calls with vlm_live_AbC… fail from the next request. This cannot be undone.",
 *         "Revoke key", () -> keys.revoke(id)).open();
 * }</pre>
 *
 * <p>The title names the thing and the verb; the confirm button repeats the verb. The dialog is an
 * {@code alertdialog}. "Cancel" has the focus when it opens, so Enter or Space on a dialog opened
 * by mistake cancels; the confirm button is in the error colour and must be chosen on purpose.
 * Escape, a click outside and "Cancel" all close it without running the action. Confirming closes
 * the dialog first and then runs the action, once (the button disables itself on click).
 */
@StyleSheet(UiKit.STYLESHEET)
public class DestructiveConfirmDialog extends Dialog {

    private final Button cancel = new Button("Cancel");
    private final Button confirm;
    private final Paragraph text;

    /**
     * A dialog that runs {@code onConfirm} when the person confirms.
     *
     * @param title        names the action and the thing, e.g. "Delete endpoint https://…?"
     * @param text         what happens, and that it cannot be undone
     * @param confirmLabel the verb on the confirm button, e.g. "Revoke key"
     * @param onConfirm    the action
     */
    public DestructiveConfirmDialog(String title, String text, String confirmLabel, Runnable onConfirm) {
        Objects.requireNonNull(onConfirm, "onConfirm");
        setHeaderTitle(Objects.requireNonNull(title, "title"));
        setRole("alertdialog");
        addClassName("ui-confirm");
        setWidth("min(28rem, 94vw)");
        this.text = new Paragraph(Objects.requireNonNull(text, "text"));
        this.text.addClassName("ui-confirm-text");
        add(this.text);

        confirm = new Button(Objects.requireNonNull(confirmLabel, "confirmLabel"));
        confirm.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
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

    /** The "Cancel" button, which has the focus when the dialog opens. */
    public Button getCancelButton() {
        return cancel;
    }

    /** The button that runs the action. */
    public Button getConfirmButton() {
        return confirm;
    }

    /** The explanatory text. */
    public String getText() {
        return text.getText();
    }
}
