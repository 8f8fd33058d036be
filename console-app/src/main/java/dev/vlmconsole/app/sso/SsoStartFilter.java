package dev.vlmconsole.app.sso;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The start of single sign-on, before Spring Security's authorization request: {@code /sso/start}
 * notes where to continue afterwards (a checked relative path, {@link SsoSignIn}'s caller honours it)
 * and goes on to {@code /oauth2/authorization/sso}; that one first makes sure the provider is
 * discovered, else the sign-in page says plainly that the provider cannot be reached (DD034).
 */
final class SsoStartFilter extends OncePerRequestFilter {

    private final RequestMatcher start =
            PathPatternRequestMatcher.withDefaults().matcher(SsoSettings.START_PATH);
    private final RequestMatcher authorization =
            PathPatternRequestMatcher.withDefaults().matcher(SsoSettings.AUTHORIZATION_PATH);
    private final SsoRegistrations registrations;

    SsoStartFilter(SsoRegistrations registrations) {
        this.registrations = registrations;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (start.matches(request)) {
            SsoSettings.safeContinue(request.getParameter("continue"))
                    .ifPresentOrElse(
                            path -> request.getSession().setAttribute(SsoSettings.CONTINUE_ATTRIBUTE, path), () -> {
                                var session = request.getSession(false);
                                if (session != null) {
                                    session.removeAttribute(SsoSettings.CONTINUE_ATTRIBUTE);
                                }
                            });
            response.sendRedirect(request.getContextPath() + SsoSettings.AUTHORIZATION_PATH);
            return;
        }
        if (authorization.matches(request) && registrations.registration().isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/login?sso=unavailable");
            return;
        }
        chain.doFilter(request, response);
    }
}
