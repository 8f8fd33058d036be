package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.keys.KeyLimitReachedException;
import dev.vlmconsole.keys.KeyService;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * Name, optional project and expiry, scope and, for an Owner's admin key, who owns it (the Owner or the
 * workspace: a service key, DD037); then the secret, once. SCIM keys are made on the Team page's SCIM
 * card, beside the SCIM address they go with.
 */
@StyleSheet(KeysView.STYLESHEET)
class CreateKeyDialog extends Dialog {

    final TextField name = new TextField("Name");
    final TextField project = new TextField("Project (optional)");
    final DatePicker expires = new DatePicker("Expires (optional)");
    final RadioButtonGroup<String> scope = new RadioButtonGroup<>("Scope");
    final RadioButtonGroup<String> owner = new RadioButtonGroup<>("Owned by");
    final Button create = new Button("Create key");
    /** Says plainly why no key was created when the workspace has all the keys it may have. */
    final Paragraph limitReached = new Paragraph();
    /** The service's field names (the API's JSON properties) onto this form's fields. */
    private final FieldErrors errors = new FieldErrors()
            .bind(KeyService.KEY_NAME.field(), name)
            .bind(KeyService.PROJECT.field(), project)
            .bind(KeyService.EXPIRES_AT, expires)
            .bind(KeyService.SCOPE, scope)
            .bind(KeyService.OWNER, owner);

    CreateKeyDialog(
            KeyService keys,
            boolean mayCreateAdmin,
            boolean mayCreateServiceKeys,
            List<String> projects,
            Consumer<KeyService.KeyWithSecret> created) {
        setHeaderTitle("Create an API key");
        setWidth("min(34rem, 95vw)");
        name.setRequired(true);
        name.setMaxLength(KeyService.KEY_NAME.maxLength());
        name.setPlaceholder("e.g. Production ingest");
        project.setMaxLength(KeyService.PROJECT.maxLength());
        project.setHelperText(
                projects.isEmpty()
                        ? "A label to group keys, e.g. a service name."
                        : "Used so far: "
                                + String.join(", ", projects.stream().limit(5).toList()));
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        expires.setMin(tomorrow);
        expires.setMax(tomorrow.plusYears(10));
        expires.setClearButtonVisible(true);
        expires.setHelperText("Leave empty for a key that does not expire. Expires at 00:00 UTC on that day.");
        scope.setItems(mayCreateAdmin ? List.of("inference", "admin") : List.of("inference"));
        scope.setItemLabelGenerator(s -> s.equals("admin")
                ? "Admin: drives this console's management API"
                : "Inference: for the SDKs, the CLI and API calls");
        scope.setValue("inference");
        owner.setItems(KeyService.OWNER_ME, KeyService.OWNER_WORKSPACE);
        owner.setItemLabelGenerator(o -> o.equals(KeyService.OWNER_WORKSPACE)
                ? "The workspace: a service key, for automation that must keep working when people leave"
                : "Me: it stops working if I leave the workspace");
        owner.setValue(KeyService.OWNER_ME);
        owner.setVisible(false);
        if (mayCreateServiceKeys) {
            scope.addValueChangeListener(e -> owner.setVisible("admin".equals(e.getValue())));
        }
        FormLayout form = new FormLayout(name, project, expires, scope, owner);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        limitReached.setVisible(false);
        limitReached.addClassName("keys-limit-reached");
        add(form, limitReached);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(e -> {
            errors.clear();
            limitReached.setVisible(false);
            try {
                var result = keys.create(new KeyService.NewKey(
                        name.getValue(),
                        project.getValue(),
                        expires.getValue() == null
                                ? null
                                : expires.getValue()
                                        .atStartOfDay(ZoneOffset.UTC)
                                        .toInstant(),
                        scope.getValue(),
                        owner.isVisible() ? owner.getValue() : null));
                close();
                created.accept(result);
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    limitReached.setText(unplaced.message());
                    limitReached.setVisible(true);
                });
            } catch (KeyLimitReachedException ex) {
                limitReached.setText(ex.getMessage());
                limitReached.setVisible(true);
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), create);
        addOpenedChangeListener(e -> name.focus());
    }
}
