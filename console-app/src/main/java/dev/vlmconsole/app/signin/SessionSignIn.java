package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.security.SecurityConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a person in without a password form (the new Owner at the end of setup), by the session
 * rules of form sign-in ({@link SecurityConfig}): the session gets a new id, the CSRF token is
 * replaced, the security context is saved in the session, and the same success event is
 * published. A rule added to form sign-in's session handling belongs here too.
 */
@Component
public class SessionSignIn {

    private final UserDetailsService users;
    private final SecurityContextHolderStrategy contexts;
    private final ApplicationEventPublisher events;
    private final SessionAuthenticationStrategy sessionRules = new CompositeSessionAuthenticationStrategy(List.of(
            new ChangeSessionIdAuthenticationStrategy(),
            new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionSignIn(
            UserDetailsService users,
            ObjectProvider<SecurityContextHolderStrategy> contexts,
            ApplicationEventPublisher events) {
        this.users = users;
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        this.events = events;
    }

    /** Signs in the person with this (stored) email for the rest of the browser session. */
    public void signIn(String email, HttpServletRequest request, HttpServletResponse response) {
        UserDetails user = users.loadUserByUsername(email);
        if (user instanceof CredentialsContainer c) {
            c.eraseCredentials();
        }
        Authentication authentication =
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        sessionRules.onAuthentication(authentication, request, response);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
        events.publishEvent(new InteractiveAuthenticationSuccessEvent(authentication, SessionSignIn.class));
    }
}
