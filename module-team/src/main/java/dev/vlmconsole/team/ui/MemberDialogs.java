package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MemberDirectory.MemberDetails;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.Notifications;
import java.util.Arrays;
import java.util.List;

/** The dialogs of a member's row: change role, transfer ownership, remove. */
final class MemberDialogs {

    private MemberDialogs() {}

    /** What each role may do, in one sentence, for the role selects. */
    static String describe(Role role) {
        return switch (role) {
            case OWNER -> "Full control, including billing, Owners and the workspace's settings.";
            case ADMIN -> "Manages members, keys and settings, but not Owners.";
            case MEMBER -> "Uses the platform and manages their own API keys.";
            case BILLING -> "Sees and manages billing only.";
            case VIEWER -> "Sees what members see and changes nothing.";
        };
    }

    /** The roles the viewer may give: every role but Owner, which only an Owner gives. */
    static List<Role> grantable(boolean ownerPowers) {
        return Arrays.stream(Role.values())
                .filter(r -> ownerPowers || r != Role.OWNER)
                .toList();
    }

    /** A role select with the role's meaning under it. */
    static Select<Role> roleSelect(boolean ownerPowers, Role initial) {
        Select<Role> select = new Select<>();
        select.setLabel("Role");
        select.setItems(grantable(ownerPowers));
        select.setItemLabelGenerator(Role::label);
        select.setValue(initial);
        select.setHelperText(describe(initial));
        select.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                select.setHelperText(describe(e.getValue()));
                select.setInvalid(false);
            }
        });
        select.setWidthFull();
        return select;
    }

    static Dialog changeRole(Memberships memberships, MemberDetails member, boolean ownerPowers, Runnable done) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Change the role of " + member.displayName());
        d.setWidth("min(30rem, 94vw)");
        Select<Role> role = roleSelect(ownerPowers, member.role());
        d.add(
                new Paragraph(member.displayName() + " (" + member.email() + ") is "
                        + article(member.role()) + " " + member.role().label() + ". The new role applies from "
                        + "their next request."),
                role);
        Button save = new Button("Change role", e -> {
            Role chosen = role.getValue();
            if (chosen == member.role()) {
                d.close();
                return;
            }
            try {
                memberships.changeRole(member.userId(), chosen);
                d.close();
                Notifications.success(member.displayName() + " is now " + article(chosen) + " " + chosen.label());
                done.run();
            } catch (RuntimeException ex) {
                d.close();
                Notifications.error(TeamText.refused("The role was not changed", member.displayName(), ex));
                done.run();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        d.addOpenedChangeListener(e -> role.focus());
        return d;
    }

    static DestructiveConfirmDialog transferOwnership(Memberships memberships, MemberDetails member, Runnable done) {
        return new DestructiveConfirmDialog(
                "Transfer ownership to " + member.displayName() + "?",
                member.displayName() + " (" + member.email() + ") becomes an Owner and you become an Admin. "
                        + "Only an Owner can make you an Owner again.",
                "Transfer ownership",
                () -> {
                    try {
                        memberships.transferOwnership(member.userId());
                        Notifications.success(member.displayName() + " is now an Owner; you are an Admin");
                    } catch (RuntimeException ex) {
                        Notifications.error(
                                TeamText.refused("Ownership was not transferred", member.displayName(), ex));
                    }
                    done.run();
                });
    }

    /**
     * Asks first, naming what the member loses with their membership (their active keys, say);
     * then removes them and runs {@code done}, also when the removal was refused.
     */
    static DestructiveConfirmDialog remove(
            Memberships memberships,
            String workspaceName,
            MemberDetails member,
            List<String> consequences,
            Runnable done) {
        StringBuilder text = new StringBuilder(member.displayName() + " (" + member.email() + ") loses access to "
                + workspaceName + " on their next request.");
        consequences.forEach(c -> text.append(' ').append(c));
        text.append(" You can invite them again later.");
        return new DestructiveConfirmDialog(
                "Remove " + member.displayName() + "?", text.toString(), "Remove member", () -> {
                    try {
                        memberships.remove(member.userId());
                        Notifications.success(member.displayName() + " removed from " + workspaceName);
                    } catch (RuntimeException ex) {
                        Notifications.error(TeamText.refused("Not removed", member.displayName(), ex));
                    }
                    done.run();
                });
    }

    static String article(Role role) {
        return role == Role.OWNER || role == Role.ADMIN ? "an" : "a";
    }
}
