package dev.vlmconsole.app.sso;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.vlmconsole.app.signin.SessionSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

/**
 * Single sign-on in the console's filter chain, when it is configured (DD034): Spring Security's
 * {@code oauth2Login} beside Vaadin's form sign-in (authorization code flow with PKCE, Spring's state and
 * nonce checks, the provider discovered lazily by {@link SsoRegistrations}), {@link SsoStartFilter} in
 * front of it, and RP-initiated logout for SSO sessions. The sign-in page stays {@code /login}.
 */
@Component
public class SsoSecurity {

    private final SsoSettings settings;
    private final SsoRegistrations registrations;
    private final SsoSignIn signIn;
    private final SessionSignIn sessions;

    SsoSecurity(SsoSettings settings, SsoRegistrations registrations, SsoSignIn signIn, SessionSignIn sessions) {
        this.settings = settings;
        this.registrations = registrations;
        this.signIn = signIn;
        this.sessions = sessions;
    }

    /** Signs SSO sessions out at the provider too; password sessions as before. No-op while SSO is off. */
    public void configureLogout(VaadinSecurityConfigurer vaadin) {
        if (!settings.ssoEnabled()) {
            return;
        }
        SsoLogout logout = new SsoLogout(registrations);
        vaadin.addLogoutHandler(logout).logoutSuccessHandler(logout);
    }

    /** Adds SSO sign-in to the console's chain. No-op while SSO is off. */
    public void configure(HttpSecurity http) throws Exception {
        if (!settings.ssoEnabled()) {
            return;
        }
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        SsoAuthenticationHandlers handlers = new SsoAuthenticationHandlers(sessions);
        http.oauth2Login(o -> o.loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NoAuthorizedClients())
                .authorizationEndpoint(a -> a.authorizationRequestResolver(requests))
                .userInfoEndpoint(u -> u.oidcUserService(new SsoUserService(signIn, settings.oidc())))
                .successHandler(handlers)
                .failureHandler(handlers));
        http.addFilterBefore(new SsoStartFilter(registrations), OAuth2AuthorizationRequestRedirectFilter.class);
    }

    /**
     * The console keeps no access or refresh token: it only needs to know who signed in (the ID token is
     * kept in the session for logout).
     */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient authorizedClient,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    }
}
