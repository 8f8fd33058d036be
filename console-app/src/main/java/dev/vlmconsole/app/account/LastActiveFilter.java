package dev.vlmconsole.app.account;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.shared.ApplicationConstants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records that a signed-in person made a request of the console (a page, a Vaadin round trip), for
 * {@link LastActiveRecorder}. Vaadin's heartbeat, which an open but idle tab sends on its own, is not
 * activity; nor is a call with an API key (that is the key's last use).
 */
public final class LastActiveFilter extends OncePerRequestFilter {

    /** The query parameter of a Vaadin heartbeat, {@code v-r=heartbeat}. */
    private static final String HEARTBEAT =
            ApplicationConstants.REQUEST_TYPE_PARAMETER + "=" + HandlerHelper.RequestType.HEARTBEAT.getIdentifier();

    private final LastActiveRecorder recorder;
    private final SecurityContextHolderStrategy contexts;

    public LastActiveFilter(LastActiveRecorder recorder, SecurityContextHolderStrategy contexts) {
        this.recorder = recorder;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = contexts.getContext().getAuthentication();
        if (auth != null
                && auth.isAuthenticated()
                && auth.getPrincipal() instanceof ConsoleUser user
                && !isHeartbeat(request)) {
            recorder.record(user.id());
        }
        chain.doFilter(request, response);
    }

    private static boolean isHeartbeat(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (String part : query.split("&")) {
            if (part.equals(HEARTBEAT)) {
                return true;
            }
        }
        return false;
    }
}
