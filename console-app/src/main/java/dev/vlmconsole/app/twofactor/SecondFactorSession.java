package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Adds the second factor to the current session once the person gave it: the authentication gains
 * {@link TwoFactorGate#TOTP_AUTHORITY}, and, as at sign-in ({@code SessionSignIn}), the session gets a
 * new id and a new CSRF token, and the context is saved in the session. Also keeps where the person was
 * going while the code page held them up.
 */
@Component
class SecondFactorSession {

    /** Session attribute: the page the person asked for before the code page. */
    static final String CONTINUE_ATTRIBUTE = "console.two-factor.continue";

    private static final Logger log = LoggerFactory.getLogger(SecondFactorSession.class);

    private final SecurityContextHolderStrategy contexts;
    private final Clock clock;
    private final SessionAuthenticationStrategy newSessionId = new ChangeSessionIdAuthenticationStrategy();
    private final SessionAuthenticationStrategy newCsrfToken =
            new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository());
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SecondFactorSession(ObjectProvider<SecurityContextHolderStrategy> contexts, Clock clock) {
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        this.clock = clock;
    }

    /** Marks the current session as having given the second factor. */
    void secondFactorGiven(Authentication current) {
        List<GrantedAuthority> authorities = new ArrayList<>(current.getAuthorities());
        authorities.removeIf(a -> TwoFactorGate.TOTP_AUTHORITY.equals(a.getAuthority()));
        authorities.add(FactorGrantedAuthority.withAuthority(TwoFactorGate.TOTP_AUTHORITY)
                .issuedAt(clock.instant())
                .build());
        UsernamePasswordAuthenticationToken upgraded =
                UsernamePasswordAuthenticationToken.authenticated(current.getPrincipal(), null, authorities);
        upgraded.setDetails(current.getDetails());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(upgraded);
        contexts.setContext(context);
        Optional<HttpServletRequest> request = request();
        Optional<HttpServletResponse> response = response();
        if (request.isPresent() && response.isPresent()) {
            // a privilege change: a session id someone fixed or saw before is worth nothing after it
            try {
                newSessionId.onAuthentication(upgraded, request.get(), response.get());
            } catch (UnsupportedOperationException e) {
                // every servlet container changes ids (Servlet 3.1); only a test's fake request cannot
                log.debug("The session id stays: the request cannot change it", e);
            }
            newCsrfToken.onAuthentication(upgraded, request.get(), response.get());
            sessions.saveContext(context, request.get(), response.get());
        } else {
            request.map(r -> r.getSession(false))
                    .ifPresent(s ->
                            s.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context));
        }
    }

    /** Remembers a page path to return to after the code page; anything but a local path is ignored. */
    static void rememberContinue(HttpSession session, String path) {
        if (session != null && isLocalPath(path)) {
            session.setAttribute(CONTINUE_ATTRIBUTE, path);
        }
    }

    /** The page to go to after the code page, once; the home page when none was kept. */
    String takeContinue() {
        Optional<HttpSession> session = request().map(r -> r.getSession(false));
        Object path = session.map(s -> s.getAttribute(CONTINUE_ATTRIBUTE)).orElse(null);
        session.ifPresent(s -> s.removeAttribute(CONTINUE_ATTRIBUTE));
        return path instanceof String p && isLocalPath(p) ? p : "/";
    }

    static boolean isLocalPath(String path) {
        return path != null
                && path.startsWith("/")
                && !path.startsWith("//")
                && !path.startsWith("/\\")
                && path.length() < 2000
                && path.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }

    private static Optional<HttpServletRequest> request() {
        if (VaadinServletRequest.getCurrent() != null) {
            return Optional.of(VaadinServletRequest.getCurrent().getHttpServletRequest());
        }
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? Optional.of(a.getRequest())
                : Optional.empty();
    }

    private static Optional<HttpServletResponse> response() {
        if (VaadinServletResponse.getCurrent() != null) {
            return Optional.of(VaadinServletResponse.getCurrent().getHttpServletResponse());
        }
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? Optional.ofNullable(a.getResponse())
                : Optional.empty();
    }
}
