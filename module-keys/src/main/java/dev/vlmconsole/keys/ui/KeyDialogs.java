package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyService;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** The small dialogs of the Keys page: revoke, roll, rename, expiry. */
final class KeyDialogs {

    private KeyDialogs() {}

    /** Asks first; then revokes, says so, and runs {@code done} (also when the key could not be revoked). */
    static DestructiveConfirmDialog revoke(KeyService keys, ApiKey key, Runnable done) {
        return new DestructiveConfirmDialog(
                "Revoke '" + key.name() + "'?", consequence(key) + " This cannot be undone.", "Revoke key", () -> {
                    try {
                        keys.revoke(key.id());
                        Notifications.success("Key '" + key.name() + "' revoked");
                    } catch (RuntimeException ex) {
                        failed("The key could not be revoked", ex);
                    }
                    done.run();
                });
    }

    /** What stops when {@code key} is revoked, in the words of the person who relies on it. */
    static String consequence(ApiKey key) {
        if ("scim".equals(key.scope())) {
            return "Provisioning from your identity provider with " + key.displayPrefix()
                    + "… stops at its next call: people it adds or removes are no longer changed here "
                    + "until it has a new SCIM key (Team page).";
        }
        if (key.isServiceKey()) {
            return "Automation using the workspace's key " + key.displayPrefix()
                    + "… fails from the next request, on every node.";
        }
        return "Calls with " + key.displayPrefix() + "… fail from the next request, on every node.";
    }

    static Dialog roll(KeyService keys, ApiKey key, Consumer<KeyService.KeyWithSecret> rolled) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Roll '" + key.name() + "'");
        Select<Duration> grace = new Select<>();
        grace.setLabel("The old secret keeps working for");
        grace.setItems(KeyService.GRACE_PERIODS);
        grace.setItemLabelGenerator(KeyDialogs::label);
        grace.setValue(Duration.ofHours(24));
        d.add(new Paragraph("A new secret replaces the current one. Give your services time to switch."), grace);
        Button roll = new Button("Roll key", e -> {
            try {
                var result = keys.roll(key.id(), grace.getValue());
                d.close();
                rolled.accept(result);
            } catch (IllegalArgumentException | NoSuchElementException ex) {
                d.close();
                failed("The key could not be rolled", ex);
            }
        });
        roll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), roll);
        return d;
    }

    static Dialog rename(KeyService keys, ApiKey key, Runnable done) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Rename key");
        TextField name = new TextField("Name");
        name.setValue(key.name());
        name.setMaxLength(KeyService.KEY_NAME.maxLength());
        name.setWidthFull();
        d.add(name);
        Button save = new Button("Save", e -> {
            try {
                keys.rename(key.id(), name.getValue());
                d.close();
                done.run();
            } catch (InvalidInputException ex) { // rename refuses only the name
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        d.addOpenedChangeListener(e -> name.focus());
        return d;
    }

    static Dialog expiry(KeyService keys, ApiKey key, Runnable done) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Expiry of '" + key.name() + "'");
        DatePicker date = new DatePicker("Expires on (00:00 UTC)");
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        date.setMin(tomorrow);
        date.setMax(tomorrow.plusYears(10));
        Checkbox never = new Checkbox("Never expires");
        never.setValue(key.expiresAt() == null);
        if (key.expiresAt() != null) {
            date.setValue(LocalDate.ofInstant(key.expiresAt(), ZoneOffset.UTC));
        }
        date.setEnabled(!never.getValue());
        never.addValueChangeListener(e -> date.setEnabled(!e.getValue()));
        d.add(date, never);
        Button save = new Button("Save", e -> {
            if (!never.getValue() && date.getValue() == null) {
                date.setErrorMessage("Pick a day, or tick 'Never expires'.");
                date.setInvalid(true);
                return;
            }
            try {
                keys.setExpiry(
                        key.id(),
                        never.getValue()
                                ? null
                                : date.getValue().atStartOfDay(ZoneOffset.UTC).toInstant());
                d.close();
                done.run();
            } catch (InvalidInputException ex) { // setExpiry refuses only the expiry
                date.setErrorMessage(ex.getMessage());
                date.setInvalid(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        return d;
    }

    /** Says in plain words why an action did not happen (the key changed meanwhile, say). */
    private static void failed(String what, RuntimeException ex) {
        if (ex instanceof PermissionDeniedException) {
            throw ex; // the console's error handling answers it
        }
        Notifications.error(what + ": " + ex.getMessage());
    }

    static String label(Duration grace) {
        if (grace.isZero()) {
            return "No grace period: stop at once";
        }
        if (grace.toDays() >= 1) {
            return grace.toDays() == 1 ? "24 hours" : grace.toDays() + " days";
        }
        return grace.toHours() == 1 ? "1 hour" : grace.toHours() + " hours";
    }
}
