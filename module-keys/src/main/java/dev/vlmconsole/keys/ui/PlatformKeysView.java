package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.keys.platform.PlatformKey;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The Platform keys page, for operators only (the navigation entry asks for
 * {@link Permissions#OPERATOR}, the console's route guard asks again, and so does every service
 * call): the install's platform keys, a new one with its secret shown once, and revoking one.
 */
@PageTitle("Platform keys")
@PermitAll
@StyleSheet(KeysView.STYLESHEET)
public class PlatformKeysView extends VerticalLayout {

    /** Where the page lives. */
    public static final String PATH = "operators/platform-keys";

    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final PlatformKeyService keys;
    final Grid<PlatformKey> grid = new Grid<>();
    final Button create = new Button("Create platform key", VaadinIcon.PLUS.create());

    public PlatformKeysView(PlatformKeyService keys, ConsoleContext context) {
        if (!context.can(Permissions.OPERATOR)) { // the route guard refused already; a page made by hand refuses too
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
        this.keys = keys;
        setSizeFull();
        addClassName("keys-platform-view");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> openCreateDialog());
        HorizontalLayout header = new HorizontalLayout(new H1("Platform keys"), create);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        Paragraph intro = new Paragraph("Platform keys belong to the install, not to a workspace: the platform's "
                + "gateway sends one to report usage for every workspace's keys (scope usage), to verify keys where "
                + "the install requires it (verify), or to act as support staff over the API (operator).");
        add(header, intro, grid);
        configureGrid();
        refresh();
    }

    private void configureGrid() {
        grid.addColumn(PlatformKey::name).setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(PlatformKey::displayPrefix).setHeader("Key").setAutoWidth(true);
        grid.addColumn(PlatformKey::scopeList).setHeader("Scopes").setAutoWidth(true);
        grid.addColumn(k -> PlatformKeyService.BOOTSTRAP_CREATOR.equals(k.createdBy()) ? "First run" : k.createdBy())
                .setHeader("Created by")
                .setAutoWidth(true);
        grid.addColumn(k -> DAY_TIME.format(k.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(k -> k.lastUsedAt() == null ? "Never" : DAY_TIME.format(k.lastUsedAt()))
                .setHeader("Last used")
                .setAutoWidth(true);
        grid.addComponentColumn(k -> k.active()
                        ? new StatusBadge("Active", StatusBadge.Tone.SUCCESS)
                        : new StatusBadge("Revoked", StatusBadge.Tone.ERROR))
                .setHeader("Status")
                .setKey("status")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addComponentColumn(this::actions)
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addClassName("keys-platform-grid");
        grid.setEmptyStateComponent(new EmptyState(
                        VaadinIcon.KEY.create(),
                        "No platform keys yet",
                        "Create one for the platform's gateway: it reports usage with it.")
                .withAction("Create your first platform key", this::openCreateDialog));
    }

    /** A revoked key offers nothing more. */
    private Component actions(PlatformKey key) {
        if (!key.active()) {
            return new Span();
        }
        RowActions menu = new RowActions(key.name());
        menu.addDestructive("Revoke", () -> confirmRevoke(key));
        return menu;
    }

    void refresh() {
        grid.setItems(keys.list());
    }

    void confirmRevoke(PlatformKey key) {
        new DestructiveConfirmDialog(
                        "Revoke '" + key.name() + "'?",
                        "Calls with " + key.displayPrefix() + "… are refused from the next request, on every node. "
                                + "A gateway still using it can no longer report usage. This cannot be undone.",
                        "Revoke key",
                        () -> {
                            try {
                                keys.revoke(key.id());
                                Notifications.success("Platform key '" + key.name() + "' revoked");
                            } catch (RuntimeException ex) {
                                Notifications.error("The key could not be revoked: " + ex.getMessage());
                            }
                            refresh();
                        })
                .open();
    }

    void openCreateDialog() {
        new CreateDialog().open();
    }

    /** Name and scopes; then the secret, once. */
    final class CreateDialog extends Dialog {
        final TextField name = new TextField("Name");
        final CheckboxGroup<String> scopes = new CheckboxGroup<>("Scopes");
        final Button confirm = new Button("Create key");
        private final FieldErrors errors =
                new FieldErrors().bind(PlatformKeyService.NAME.field(), name).bind(PlatformKeyService.SCOPES, scopes);

        CreateDialog() {
            setHeaderTitle("Create a platform key");
            setWidth("min(34rem, 95vw)");
            name.setRequired(true);
            name.setMaxLength(PlatformKeyService.NAME.maxLength());
            name.setPlaceholder("e.g. Gateway eu-west");
            scopes.setItems(PlatformKey.SCOPE_ORDER);
            scopes.setItemLabelGenerator(s -> switch (s) {
                case PlatformKeyPrincipal.SCOPE_USAGE -> "usage: reports usage (POST /api/v1/usage)";
                case PlatformKeyPrincipal.SCOPE_VERIFY -> "verify: verifies keys where the install requires it";
                case PlatformKeyPrincipal.SCOPE_OPERATOR -> "operator: support actions over the API";
                default -> s;
            });
            scopes.setValue(Set.of(PlatformKeyPrincipal.SCOPE_USAGE));
            FormLayout form = new FormLayout(name, scopes);
            form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
            add(form);
            confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            confirm.addClickShortcut(Key.ENTER);
            confirm.addClickListener(e -> {
                errors.clear();
                try {
                    PlatformKeyService.KeyWithSecret created = keys.create(name.getValue(), scopes.getValue());
                    close();
                    refresh();
                    new PlatformSecretDialog(created.secret()).open();
                } catch (InvalidInputException ex) {
                    errors.show(ex).forEach(unplaced -> Notifications.error(unplaced.message()));
                }
            });
            getFooter().add(new Button("Cancel", e -> close()), confirm);
            addOpenedChangeListener(e -> name.focus());
        }
    }

    /** Shows a new platform key's secret once, with a copy button. */
    static final class PlatformSecretDialog extends Dialog {
        final TextField secret = new TextField("Your new platform key");

        PlatformSecretDialog(String value) {
            setHeaderTitle("Platform key created");
            setCloseOnOutsideClick(false);
            setWidth("min(40rem, 95vw)");
            Paragraph warning = new Paragraph("Copy it now: you won't be able to see it again. Give it to the "
                    + "platform's gateway through a secrets manager; it acts for every workspace.");
            warning.addClassName("keys-secret-warning");
            secret.setValue(value);
            secret.setReadOnly(true);
            secret.setWidthFull();
            secret.addClassName("keys-secret-value");
            Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
                secret.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", value);
                Notifications.info("Copied to the clipboard");
            });
            copy.addClassName("keys-copy-secret");
            HorizontalLayout row = new HorizontalLayout(secret, copy);
            row.setWidthFull();
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            add(warning, row);
            Button done = new Button("I've copied it", e -> close());
            done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            getFooter().add(done);
        }
    }
}
