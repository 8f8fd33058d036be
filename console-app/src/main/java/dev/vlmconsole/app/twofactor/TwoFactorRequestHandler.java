package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.internal.CurrentInstance;
import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.RequestHandler;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.ApplicationConstants;
import com.vaadin.flow.shared.JsonConstants;
import dev.vlmconsole.app.signin.LoginView;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The gate for what already-open pages send: a Vaadin round trip (a click, a value change) from a page
 * other than the code page or sign-in, while the person owes their second factor or must set one up
 * (an Owner required it of the workspace after the page opened, say), is not run; the answer makes the
 * browser load {@code /two-factor}, the way Vaadin sends an expired session's page to a URL (a
 * critical notification without caption or message redirects at once). Registered ahead of Vaadin's
 * own handlers by {@link TwoFactorNavigationGuard}. See DD017.
 */
class TwoFactorRequestHandler implements RequestHandler {

    private final TwoFactorGate gate;

    TwoFactorRequestHandler(TwoFactorGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean handleRequest(VaadinSession session, VaadinRequest request, VaadinResponse response)
            throws IOException {
        if (!HandlerHelper.isRequestType(request, HandlerHelper.RequestType.UIDL)) {
            return false;
        }
        boolean refused;
        session.lock();
        try {
            UI ui = ui(session, request);
            if (ui == null || onOpenPage(ui)) {
                return false;
            }
            // the tab's own workspace decides, as it would in the round trip (CurrentConsoleContext)
            Map<Class<?>, CurrentInstance> previous = CurrentInstance.setCurrent(ui);
            try {
                refused = gate.need() != TwoFactorGate.Need.NOTHING;
            } finally {
                CurrentInstance.restoreInstances(previous);
            }
        } finally {
            session.unlock();
        }
        if (!refused) {
            return false;
        }
        String url = request.getContextPath() + TwoFactorFilter.PATH;
        session.getService()
                .writeUncachedStringResponse(
                        response,
                        JsonConstants.JSON_CONTENT_TYPE,
                        VaadinService.createCriticalNotificationJSON(null, null, null, url));
        return true;
    }

    /** The tab the round trip comes from, by the id Vaadin's client sends with it. */
    private static UI ui(VaadinSession session, VaadinRequest request) {
        String id = request.getParameter(ApplicationConstants.UI_ID_PARAMETER);
        try {
            return id == null ? null : session.getUIById(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            return null; // Vaadin's own handler answers a malformed round trip
        }
    }

    /** Whether the tab shows a page open to someone who owes a factor: the code page or sign-in. */
    private static boolean onOpenPage(UI ui) {
        List<HasElement> chain = ui.getInternals().getActiveRouterTargetsChain();
        return chain.stream().anyMatch(c -> c instanceof TwoFactorView || c instanceof LoginView);
    }
}
