package dev.vlmconsole.app.sso;

import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * Signing out: a session signed in with SSO is also signed out at the provider (RP-initiated logout,
 * Spring's {@link OidcClientInitiatedLogoutSuccessHandler} with the session's ID token as hint, back to
 * {@code {baseUrl}/login?logout}) when the provider publishes an {@code end_session_endpoint}; a password
 * session, or a provider without one, goes to {@code /login?logout} as before. Vaadin's redirect strategy
 * makes either work from a click in the UI as well as from {@code POST /logout}.
 */
final class SsoLogout implements LogoutHandler, LogoutSuccessHandler {

    static final String POST_LOGOUT_REDIRECT = "{baseUrl}/login?logout";
    private static final String CAPTURED = SsoLogout.class.getName() + ".idToken";

    private final OidcClientInitiatedLogoutSuccessHandler atProvider;
    private final SimpleUrlLogoutSuccessHandler here = new SimpleUrlLogoutSuccessHandler();

    SsoLogout(SsoRegistrations registrations) {
        atProvider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        atProvider.setPostLogoutRedirectUri(POST_LOGOUT_REDIRECT);
        atProvider.setDefaultTargetUrl("/login?logout");
        atProvider.setRedirectStrategy(new UidlRedirectStrategy());
        here.setDefaultTargetUrl("/login?logout");
        here.setRedirectStrategy(new UidlRedirectStrategy());
    }

    /** Runs before the session is invalidated: keeps the session's ID token for the success handler. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session != null
                && session.getAttribute(SsoAuthenticationHandlers.ID_TOKEN_ATTRIBUTE) instanceof OidcIdToken t) {
            request.setAttribute(CAPTURED, t);
        }
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        if (request.getAttribute(CAPTURED) instanceof OidcIdToken idToken) {
            // the provider's view of the session: Spring's handler reads the ID token and the registration from it
            OAuth2AuthenticationToken sso = new OAuth2AuthenticationToken(
                    new DefaultOidcUser(List.of(), idToken), List.of(), SsoRegistrations.REGISTRATION_ID);
            atProvider.onLogoutSuccess(request, response, sso);
        } else {
            here.onLogoutSuccess(request, response, authentication);
        }
    }
}
