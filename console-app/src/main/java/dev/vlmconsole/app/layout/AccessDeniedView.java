package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.profile.ProfileView;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shown instead of a page the member's role may not open. An operator who has not set up two-factor
 * sign-in, on a page for operators, is told to set it up to use their operator powers (DD027).
 */
@ParentLayout(MainLayout.class)
@PermitAll
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    /** What an operator reads on an operators' page before their session gave its second factor. */
    static final String SET_UP_TWO_FACTOR = "Set up two-factor sign-in to use operator powers";

    private final ModuleRegistry registry;
    private final CurrentConsoleContext context;

    public AccessDeniedView(ModuleRegistry registry, CurrentConsoleContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        removeAll();
        if (operatorPageWaitingForTwoFactor(event.getLocation().getPath())) {
            add(new EmptyState(
                            SET_UP_TWO_FACTOR,
                            "Operators of this console use two-factor sign-in. Until you have set it up (and"
                                    + " signed in with it), you use the console as a member of your own workspaces.")
                    .withAction(new RouterLink("Set up two-factor sign-in", ProfileView.class)));
        } else {
            add(new EmptyState(
                            "You don't have access to this page",
                            "Your role in this workspace does not include it. Ask an Owner or Admin of the"
                                    + " workspace if you need it.")
                    .withAction(new RouterLink("Back to the dashboard", DashboardView.class)));
        }
        return HttpServletResponse.SC_FORBIDDEN;
    }

    private boolean operatorPageWaitingForTwoFactor(String path) {
        boolean operatorPage = registry.navigation().stream()
                .filter(e -> e.path().equals(path))
                .map(NavigationEntry::requiredPermission)
                .anyMatch(Permissions.OPERATOR::equals);
        return operatorPage && context.user().map(ConsoleUser::operator).orElse(false) && !context.gaveOperatorFactor();
    }
}
