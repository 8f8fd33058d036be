package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.dashboard.DashboardView;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/** Shown instead of a page the member's role may not open. */
@ParentLayout(MainLayout.class)
@PermitAll
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private final EmptyState message = new EmptyState("You don't have access to this page", "")
            .withAction(new RouterLink("Back to the dashboard", DashboardView.class));

    public AccessDeniedView() {
        add(message);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        message.setDescription(
                "Your role in this workspace does not include it. Ask an Owner or Admin of the workspace if you need it.");
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
