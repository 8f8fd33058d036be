package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.account.ConsoleUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session whose person has since changed the password or signed out everywhere
 * (see {@link SessionEpochs}): the request goes on unauthenticated, so a page asks to sign in and a
 * Vaadin round trip finds its session expired.
 */
public final class SessionEpochFilter extends OncePerRequestFilter {

    private final SessionEpochs epochs;
    private final SecurityContextHolderStrategy contexts;

    public SessionEpochFilter(SessionEpochs epochs, SecurityContextHolderStrategy contexts) {
        this.epochs = epochs;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            Authentication auth = contexts.getContext().getAuthentication();
            if (auth != null
                    && auth.getPrincipal() instanceof ConsoleUser user
                    && !epochs.isCurrent(user, session.getAttribute(SessionEpochs.ATTRIBUTE))) {
                session.invalidate();
                contexts.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
