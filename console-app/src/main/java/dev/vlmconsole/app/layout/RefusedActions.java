package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.DefaultErrorHandler;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.ui.Notifications;
import org.springframework.stereotype.Component;

/**
 * Says in plain words why an action on a page was refused, when the page let the server's refusal
 * through (a {@link PermissionDeniedException} thrown by a service from a click): the workspace is
 * suspended (with the operators' reason), this tab is a read-only support session, or the role does
 * not allow it. Anything else goes to Vaadin's own handling. DD027.
 */
@Component
class RefusedActions implements VaadinServiceInitListener, ErrorHandler {

    private final ConsoleContext context;
    private final ErrorHandler fallback = new DefaultErrorHandler();

    RefusedActions(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> e.getSession().setErrorHandler(this));
    }

    @Override
    public void error(ErrorEvent event) {
        PermissionDeniedException refused = refusal(event.getThrowable());
        if (refused == null || UI.getCurrent() == null) {
            fallback.error(event);
            return;
        }
        Notifications.error(message(refused, context.isSupportSession()));
    }

    /** What to say about {@code refused}. */
    static String message(PermissionDeniedException refused, boolean supportSession) {
        if (supportSession) {
            return "Not done: you are viewing this workspace as support, read-only.";
        }
        if (refused instanceof WorkspaceSuspendedException suspended) {
            String reason = suspended.reason().isBlank() ? "" : " (" + suspended.reason() + ")";
            return "Not done: this workspace is suspended by the platform's operators" + reason
                    + ". You can still read its pages.";
        }
        return "Not done: your role in this workspace does not allow it.";
    }

    private static PermissionDeniedException refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PermissionDeniedException p) {
                return p;
            }
        }
        return null;
    }
}
