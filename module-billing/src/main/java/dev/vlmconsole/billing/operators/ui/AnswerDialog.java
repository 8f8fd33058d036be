package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.operators.SalesDesk;
import java.time.ZoneId;

/**
 * Answers a "Contact sales" request: the answer is emailed to the person who asked and the request is
 * marked handled. Without a mail server (or when sales answered by phone) the request is marked handled
 * with a note instead; both are recorded in the workspace's audit log.
 */
class AnswerDialog extends Dialog {

    final TextArea reply = new TextArea("Answer");
    final Button send = new Button("Send answer");
    final Button handled = new Button("Mark handled without email");
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors = new FieldErrors().bind("reply", reply).bind("reason", reply);

    AnswerDialog(SalesDesk desk, SalesDesk.Request request, ZoneId zone, Runnable done) {
        setHeaderTitle("Answer " + request.requesterName());
        setWidth("min(38rem, 96vw)");
        addClassName("billing-op-answer");
        Paragraph from = new Paragraph(request.requesterName() + " <" + request.requesterEmail() + "> of "
                + request.workspaceName() + " wrote on " + OperatorText.when(request.createdAt(), zone) + ":");
        Div message = new Div();
        message.setText(request.message());
        message.addClassName("billing-op-message");
        reply.setWidthFull();
        reply.setMinHeight("9rem");
        reply.setMaxLength(SalesDesk.MAX_REPLY);
        reply.setRequiredIndicatorVisible(true);
        reply.setAutofocus(true);
        boolean email = desk.canEmail();
        reply.setHelperText(
                email
                        ? "Emailed as plain text to " + request.requesterEmail() + ", with their message quoted."
                        : "Not emailed: " + desk.whyNoEmail()
                                + " Answer from your own mail, then note here what you did.");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        add(from, message, reply, formError);

        send.addThemeVariants(ButtonVariant.PRIMARY);
        send.setVisible(email);
        send.addClickListener(e -> act(
                () -> desk.answer(request.id(), reply.getValue()),
                "Answer sent to " + request.requesterEmail() + ".",
                done));
        handled.addThemeVariants(email ? ButtonVariant.TERTIARY : ButtonVariant.PRIMARY);
        handled.addClickListener(e ->
                act(() -> desk.markHandled(request.id(), reply.getValue()), "The request is marked handled.", done));
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, handled, send);
    }

    private void act(Runnable action, String success, Runnable done) {
        errors.clear();
        formError.setVisible(false);
        try {
            action.run();
            close();
            Notifications.success(success);
            done.run();
        } catch (InvalidInputException ex) {
            errors.show(ex).forEach(unplaced -> {
                formError.setText(unplaced.message());
                formError.setVisible(true);
            });
        } catch (RuntimeException ex) {
            formError.setText(OperatorText.refused("Nothing was changed", ex));
            formError.setVisible(true);
        }
    }
}
