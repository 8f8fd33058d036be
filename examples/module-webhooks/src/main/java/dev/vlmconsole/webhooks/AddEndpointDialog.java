package dev.vlmconsole.webhooks;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import java.util.function.Consumer;

/** Registers an endpoint: URL, description and events, each checked with a clear message at the field. */
@StyleSheet(WebhooksView.STYLESHEET)
class AddEndpointDialog extends Dialog {

    final TextField url = new TextField("Endpoint URL");
    final TextField description = new TextField("Description");
    final CheckboxGroup<WebhookEvent> events = new CheckboxGroup<>("Events to send");
    final Paragraph formError = new Paragraph();
    final Button save = new Button("Add endpoint");
    /** The service's input names onto this form's fields. */
    private final FieldErrors errors = new FieldErrors()
            .bind(WebhookService.URL, url)
            .bind(WebhookService.DESCRIPTION, description)
            .bind(WebhookService.EVENTS, events);

    AddEndpointDialog(WebhookService webhooks, Consumer<WebhookEndpoint> added) {
        setHeaderTitle("Add endpoint");
        url.setPlaceholder("https://example.com/hooks/console");
        url.setRequired(true);
        url.setMaxLength(WebhookRules.MAX_URL_LENGTH);
        url.setHelperText("Must start with https://");
        url.setWidthFull();
        description.setMaxLength(WebhookRules.MAX_DESCRIPTION_LENGTH);
        description.setHelperText("Optional: what the endpoint is for, such as \"Slack alerts\".");
        description.setWidthFull();
        events.setItems(WebhookEvent.values());
        events.setItemLabelGenerator(e -> e.key() + " — " + e.description());
        events.addThemeVariants(CheckboxGroupVariant.LUMO_VERTICAL);
        events.setRequired(true);
        formError.addClassName("webhooks-form-error");
        formError.setVisible(false);
        add(new VerticalLayout(url, description, events, formError));

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            errors.clear();
            formError.setVisible(false);
            try {
                added.accept(webhooks.add(url.getValue(), description.getValue(), events.getValue()));
                close();
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> showFormError(unplaced.message()));
            } catch (EndpointLimitReachedException ex) {
                showFormError(ex.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        addOpenedChangeListener(e -> url.focus());
    }

    private void showFormError(String message) {
        formError.setText(message);
        formError.setVisible(true);
    }
}
