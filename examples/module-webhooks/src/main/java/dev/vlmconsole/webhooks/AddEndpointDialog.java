package dev.vlmconsole.webhooks;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.util.function.Consumer;

/** Registers an endpoint: URL, description and events, each checked with a clear message at the field. */
@StyleSheet(WebhooksView.STYLESHEET)
class AddEndpointDialog extends Dialog {

    final TextField url = new TextField("Endpoint URL");
    final TextField description = new TextField("Description");
    final CheckboxGroup<WebhookEvent> events = new CheckboxGroup<>("Events to send");
    final Paragraph formError = new Paragraph();
    final Button save = new Button("Add endpoint");

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
            clearErrors();
            try {
                added.accept(webhooks.add(url.getValue(), description.getValue(), events.getValue()));
                close();
            } catch (InvalidWebhookException ex) {
                show(ex);
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        addOpenedChangeListener(e -> url.focus());
    }

    private void show(InvalidWebhookException ex) {
        HasValidation field = switch (ex.field()) {
            case URL -> url;
            case DESCRIPTION -> description;
            case EVENTS -> events;
            case ENDPOINT -> null;
        };
        if (field == null) {
            formError.setText(ex.getMessage());
            formError.setVisible(true);
        } else {
            field.setErrorMessage(ex.getMessage());
            field.setInvalid(true);
        }
    }

    private void clearErrors() {
        url.setInvalid(false);
        description.setInvalid(false);
        events.setInvalid(false);
        formError.setVisible(false);
    }
}
