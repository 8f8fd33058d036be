package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The Team page's "SCIM provisioning" card (module-api 1.5): how the workspace's identity provider
 * (Okta, Microsoft Entra ID, Keycloak, ...) adds and removes its people. An Owner sees the SCIM base
 * URL, the workspace's active SCIM keys (service keys of scope {@code scim}, owned by the workspace and
 * not by a member) with Revoke, and creates one; the secret is shown once, to paste into the identity
 * provider. An Admin only sees whether SCIM is set up. The keys module checks again, on every create
 * and revoke, that the actor is an Owner ({@link KeyCatalog#createServiceKey},
 * {@link KeyCatalog#revokeServiceKey}).
 */
@StyleSheet(TeamView.STYLESHEET)
class ScimCard extends VerticalLayout {

    /** The name a new key gets when the Owner gives none. */
    static final String DEFAULT_KEY_NAME = "SCIM provisioning";

    private final @Nullable KeyCatalog keys;
    private final WorkspaceRef workspace;
    private final boolean owner;
    final String baseUrl;
    final Grid<KeyFacts> grid = new Grid<>();
    final Button create = new Button("Create SCIM key", VaadinIcon.PLUS.create());
    final Paragraph status = new Paragraph();

    /**
     * @param keys  the keys module's catalog, or {@code null} without a keys module
     * @param owner whether the viewer is an Owner (else an Admin: status only)
     */
    ScimCard(@Nullable KeyCatalog keys, @Nullable ConsoleLinks links, WorkspaceRef workspace, boolean owner) {
        this.keys = keys;
        this.workspace = workspace;
        this.owner = owner;
        this.baseUrl = links == null ? "/scim/v2" : links.to("scim", "v2");
        addClassName("team-scim-card");
        setPadding(true);
        setSpacing(true);
        add(new H2("SCIM provisioning"));
        Paragraph intro = new Paragraph("Your identity provider (Okta, Microsoft Entra ID, Keycloak or another SCIM 2.0"
                + " client) adds people to " + workspace.name() + " and removes them: someone removed there loses"
                + " their membership here, and their API keys are revoked.");
        intro.addClassName("team-intro");
        add(intro);
        status.addClassName("team-scim-status");
        if (keys == null) {
            status.setText("SCIM provisioning needs the console's keys module, which this console does not have.");
            add(status);
            return;
        }
        if (!owner) {
            add(status);
            refresh();
            return;
        }
        add(copyField("SCIM base URL", baseUrl, "the SCIM base URL"));
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> createDialog().open());
        HorizontalLayout head = new HorizontalLayout(status, create);
        head.setWidthFull();
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        configureGrid();
        add(head, grid);
        refresh();
    }

    private void configureGrid() {
        grid.addColumn(KeyFacts::name)
                .setHeader("Name")
                .setKey("name")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(k -> k.prefix() + "…")
                .setHeader("Key")
                .setKey("prefix")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::revokeButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setAllRowsVisible(true);
        grid.addClassName("team-scim-keys");
        grid.setEmptyStateComponent(new EmptyState(
                        VaadinIcon.KEY_O.create(),
                        "No SCIM key yet",
                        "Create one and paste it into your identity provider with the base URL above.")
                .withAction("Create SCIM key", () -> createDialog().open()));
    }

    /** The workspace's active SCIM keys, read again. */
    List<KeyFacts> refresh() {
        List<KeyFacts> active = keys == null
                ? List.of()
                : keys.serviceKeysOf(workspace.id(), ApiKeyPrincipal.SCOPE_SCIM).stream()
                        .filter(KeyFacts::active)
                        .toList();
        if (owner) {
            grid.setItems(active);
            status.setText(
                    active.isEmpty()
                            ? "Not set up: no SCIM key."
                            : "Set up: " + TeamText.plural(active.size(), "active SCIM key") + ".");
        } else {
            status.setText(
                    active.isEmpty()
                            ? "SCIM provisioning is not set up. An Owner can connect your identity provider here."
                            : "SCIM provisioning is set up: your identity provider manages who belongs to this"
                                    + " workspace. Only Owners manage its keys.");
        }
        return active;
    }

    private Component revokeButton(KeyFacts key) {
        Button revoke = new Button("Revoke", e -> revokeDialog(key).open());
        revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        revoke.setAriaLabel("Revoke the SCIM key " + key.name());
        return revoke;
    }

    DestructiveConfirmDialog revokeDialog(KeyFacts key) {
        return new DestructiveConfirmDialog(
                "Revoke the SCIM key " + key.name() + "?",
                "Provisioning from your identity provider stops at once with this key: people added or removed"
                        + " there are no longer added to or removed from " + workspace.name()
                        + " until you give it a new key. Members and invitations stay as they are.",
                "Revoke SCIM key",
                () -> {
                    try {
                        keys.revokeServiceKey(key.keyId());
                        Notifications.success("SCIM key " + key.name() + " revoked");
                    } catch (NoSuchElementException ex) {
                        Notifications.error("The SCIM key " + key.name() + " was already revoked.");
                    } catch (PermissionDeniedException ex) {
                        Notifications.error("The SCIM key " + key.name() + " was not revoked: only an Owner may.");
                    }
                    refresh();
                });
    }

    Dialog createDialog() {
        Dialog d = new Dialog();
        d.setHeaderTitle("Create a SCIM key");
        d.setWidth("min(32rem, 94vw)");
        TextField name = new TextField("Name");
        name.setPlaceholder("Okta");
        name.setHelperText("Which identity provider uses it, so that you recognise it later.");
        name.setMaxLength(100);
        name.setWidthFull();
        FieldErrors errors = new FieldErrors().bind("name", name);
        d.add(
                new Paragraph("The key belongs to the workspace, not to you: it keeps working when people leave,"
                        + " and it can call SCIM of " + workspace.name() + " and nothing else."),
                name);
        Button createKey = new Button("Create key", e -> {
            errors.clear();
            String given = name.getValue().strip();
            try {
                KeyCatalog.IssuedKey issued =
                        keys.createServiceKey(given.isEmpty() ? DEFAULT_KEY_NAME : given, ApiKeyPrincipal.SCOPE_SCIM);
                d.close();
                refresh();
                secretDialog(issued).open();
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    name.setErrorMessage(unplaced.message());
                    name.setInvalid(true);
                });
            } catch (PermissionDeniedException ex) {
                name.setErrorMessage("Only an Owner creates SCIM keys.");
                name.setInvalid(true);
            } catch (UnsupportedOperationException ex) {
                name.setErrorMessage("This console's keys module cannot create workspace keys.");
                name.setInvalid(true);
            }
        });
        createKey.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        createKey.addClickShortcut(Key.ENTER);
        d.getFooter().add(new Button("Cancel", e -> d.close()), createKey);
        d.addOpenedChangeListener(e -> name.focus());
        return d;
    }

    /** The new key's secret, shown once, with what to do with it. */
    Dialog secretDialog(KeyCatalog.IssuedKey issued) {
        Dialog d = new Dialog();
        d.setHeaderTitle("SCIM key " + issued.facts().name() + " created");
        d.setWidth("min(40rem, 96vw)");
        d.setCloseOnOutsideClick(false);
        Paragraph how = new Paragraph("In Okta or Microsoft Entra ID, set the SCIM base URL (Tenant URL) below and"
                + " paste this key as the bearer token (API token, Secret Token). It is shown once: copy it now."
                + " If you lose it, create a new key and revoke this one.");
        d.add(
                how,
                copyField("SCIM base URL", baseUrl, "the SCIM base URL"),
                copyField("Bearer token", issued.secret(), "the SCIM key"));
        Button done = new Button("Done", e -> d.close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(done);
        return d;
    }

    /** A read-only value with a button that copies it to the clipboard. */
    static HorizontalLayout copyField(String label, String value, String what) {
        TextField field = new TextField(label);
        field.setValue(value);
        field.setReadOnly(true);
        field.addClassName("team-link-value");
        field.addFocusListener(e -> field.getElement().executeJs("this.inputElement.select()"));
        Button copy = new Button("Copy", VaadinIcon.COPY_O.create());
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        copy.setAriaLabel("Copy " + what);
        copy.addClickListener(e -> copy.getElement()
                .executeJs("return navigator.clipboard.writeText($0).then(() => true)", value)
                .then(
                        ok -> Notifications.info("Copied " + what + " to the clipboard"),
                        failed -> Notifications.error(
                                "The browser did not allow copying: select the text and copy it by hand.")));
        HorizontalLayout row = new HorizontalLayout();
        row.addClassName("team-copy-link");
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.addAndExpand(field);
        row.add(copy);
        return row;
    }
}
