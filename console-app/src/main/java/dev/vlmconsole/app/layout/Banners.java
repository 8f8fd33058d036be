package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.RouteConfiguration;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.operators.SupportSessions;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import java.util.Optional;

/**
 * The notices across the top of every page of the shell (DD027): an operator's support session
 * ("You are viewing ... as support, read-only", with a way out), or, for its members, a workspace the
 * operators suspended, with their reason and whom to contact. A live region: screen readers hear the
 * support notice politely ({@code role=status}) and the suspension at once ({@code role=alert}).
 */
final class Banners extends Div {

    /** Where "Leave" goes when the operators' list of workspaces is installed. */
    static final String OPERATORS_WORKSPACES = "operators/workspaces";

    private final CurrentConsoleContext context;
    private final SupportSessions support;
    private final WorkspaceStatus status;
    private final String supportContact;

    Banners(CurrentConsoleContext context, SupportSessions support, WorkspaceStatus status, String supportContact) {
        this.context = context;
        this.support = support;
        this.status = status;
        this.supportContact = supportContact == null ? "" : supportContact.strip();
        addClassName("console-banners");
    }

    /** Shows what applies to the acting context now; called after each navigation. */
    void update() {
        removeAll();
        Optional<WorkspaceRef> workspace = context.workspace();
        Optional<WorkspaceStatus.Suspension> suspension = workspace.flatMap(w -> status.suspension(w.id()));
        if (context.isSupportSession() && workspace.isPresent()) {
            add(supportBanner(workspace.get(), suspension));
        } else if (suspension.isPresent()) {
            add(suspendedBanner(suspension.get()));
        }
        setVisible(getComponentCount() > 0);
    }

    private Div supportBanner(WorkspaceRef workspace, Optional<WorkspaceStatus.Suspension> suspension) {
        String text = "You are viewing " + workspace.name()
                + " as support, read-only. Its members can see in their audit log that you looked.";
        if (suspension.isPresent()) {
            text += " It is suspended: " + suspension.get().reason();
        }
        Button leave = new Button("Leave", e -> leave());
        leave.addThemeVariants(ButtonVariant.LUMO_SMALL);
        leave.getElement().setAttribute("aria-label", "Leave the support view of " + workspace.name());
        Div banner = banner("console-banner-support", "status", VaadinIcon.EYE, text);
        banner.add(leave);
        return banner;
    }

    private Div suspendedBanner(WorkspaceStatus.Suspension suspension) {
        String contact = supportContact.isEmpty() ? "your platform's support" : supportContact;
        String reason = suspension.reason().isBlank() ? "" : ": " + suspension.reason();
        return banner(
                "console-banner-suspended",
                "alert",
                VaadinIcon.BAN,
                "This workspace is suspended by the platform's operators" + reason
                        + ". You can still read its pages; changes and API calls other than reads are refused."
                        + " Contact " + contact + ".");
    }

    private static Div banner(String variant, String role, VaadinIcon icon, String text) {
        Div banner = new Div();
        banner.addClassNames("console-banner", variant);
        banner.getElement().setAttribute("role", role);
        banner.add(icon.create(), new Span(text));
        return banner;
    }

    private void leave() {
        support.close();
        getUI().ifPresent(ui -> {
            if (RouteConfiguration.forSessionScope()
                    .getRoute(OPERATORS_WORKSPACES)
                    .isPresent()) {
                ui.navigate(OPERATORS_WORKSPACES);
            } else {
                ui.navigate(DashboardView.class);
            }
            ui.refreshCurrentRoute(true);
        });
    }
}
