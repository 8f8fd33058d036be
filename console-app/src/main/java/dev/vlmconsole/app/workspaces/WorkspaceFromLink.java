package dev.vlmconsole.app.workspaces;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A link into a workspace: {@code ?workspace=<id>} on a console page makes that workspace the
 * current one, when the signed-in person belongs to it (the same check as the switcher's); else the
 * parameter is ignored. The invitation accept page sends a person who just joined to
 * {@code /?workspace=<id>}, so that they land in the workspace they joined, not their first one.
 * After a switch the navigation starts again without the parameter, so that every guard (the
 * page's permission, two-factor sign-in) judges it in the workspace chosen.
 */
@Component
class WorkspaceFromLink implements VaadinServiceInitListener {

    static final String PARAMETER = "workspace";

    private final WorkspaceService workspaces;
    private final CurrentConsoleContext context;

    WorkspaceFromLink(WorkspaceService workspaces, CurrentConsoleContext context) {
        this.workspaces = workspaces;
        this.context = context;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::choose));
    }

    void choose(BeforeEnterEvent event) {
        List<String> values =
                event.getLocation().getQueryParameters().getParameters().getOrDefault(PARAMETER, List.of());
        if (values.size() != 1 || context.user().isEmpty()) {
            return;
        }
        try {
            workspaces.switchTo(UUID.fromString(values.getFirst()));
        } catch (IllegalArgumentException | PermissionDeniedException ignored) {
            // not an id, or not one of theirs: the page opens in the current workspace
            return;
        }
        // Navigate again, without the parameter: the page's permission check and the two-factor
        // guard may already have judged this navigation for the workspace it left.
        event.forwardTo(
                event.getNavigationTarget(),
                event.getRouteParameters(),
                event.getLocation().getQueryParameters().excluding(PARAMETER));
    }
}
