package dev.vlmconsole.app.profile;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.MembershipsManagedElsewhereException;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import java.util.Optional;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * The profile's "Leave workspace" section: the person leaves the current workspace (their keys in it
 * are revoked, as for a removed member), then lands in another of theirs, or in the "no workspace"
 * state. The last Owner is not offered to leave and is told why. A new one per profile page.
 */
@Component
@Scope("prototype")
class LeaveWorkspace extends Div {

    final Button leave = new Button();
    final Paragraph text = new Paragraph();

    LeaveWorkspace(
            CurrentConsoleContext context,
            Memberships memberships,
            MemberDirectory directory,
            WorkspaceService workspaces) {
        addClassName("leave-workspace");
        Optional<WorkspaceRef> current = context.workspace();
        if (current.isEmpty()) {
            setVisible(false);
            return;
        }
        WorkspaceRef w = current.get();
        add(new H2("Leave workspace"), text);
        boolean lastOwner = w.role() == Role.OWNER
                && directory.members(w.id()).stream()
                                .filter(m -> m.role() == Role.OWNER)
                                .count()
                        == 1;
        if (lastOwner) {
            text.setText("You are the only Owner of " + w.name() + ", so you cannot leave it: a workspace keeps "
                    + "at least one Owner. Make someone else an Owner on the Team page first, then leave.");
            return;
        }
        text.setText("Leave " + w.name() + ": you lose access to it at once and your API keys in it are revoked. "
                + "To come back, someone must invite you again.");
        leave.setText("Leave " + w.name());
        leave.addThemeVariants(ButtonVariant.LUMO_ERROR);
        leave.addClickListener(e -> new DestructiveConfirmDialog(
                        "Leave " + w.name() + "?",
                        "You lose access to " + w.name() + " at once and your API keys in it are revoked. "
                                + "This cannot be undone: only an invitation brings you back.",
                        "Leave workspace",
                        () -> leave(memberships, workspaces, w))
                .open());
        add(leave);
    }

    private static void leave(Memberships memberships, WorkspaceService workspaces, WorkspaceRef w) {
        try {
            memberships.leave();
        } catch (LastOwnerException ex) {
            Notifications.error("You did not leave " + w.name() + ": you are its last Owner. Make someone else an "
                    + "Owner first.");
            return;
        } catch (MembershipsManagedElsewhereException ex) {
            Notifications.error("You did not leave " + w.name() + ": " + ex.reason());
            return;
        } catch (PermissionDeniedException ex) {
            Notifications.error("You did not leave " + w.name() + ": you are no longer a member of it.");
            return;
        }
        // the membership is gone for the rest of this request too (MemberRemoved): pick another, if any
        workspaces.mine().stream().findFirst().ifPresent(other -> workspaces.switchTo(other.id()));
        Notifications.success("You left " + w.name());
        UI.getCurrent().navigate(DashboardView.class);
        UI.getCurrent().refreshCurrentRoute(true);
    }
}
