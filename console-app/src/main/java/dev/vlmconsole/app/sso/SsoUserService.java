package dev.vlmconsole.app.sso;

import dev.vlmconsole.app.ConsoleProperties;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Spring Security's {@link OidcUserService} (user info, when the provider has it, checked against the
 * ID token's subject), then the console's decision ({@link SsoSignIn}). A refused sign-in ends here as
 * an authentication failure, so that nothing of it reaches the session.
 */
final class SsoUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final SsoSignIn signIn;
    private final ConsoleProperties.Oidc settings;

    SsoUserService(SsoSignIn signIn, ConsoleProperties.Oidc settings) {
        this.signIn = signIn;
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Map<String, Object> claims = user.getClaims();
        SsoSignIn.Claims facts = new SsoSignIn.Claims(
                request.getIdToken().getIssuer().toString(),
                user.getSubject(),
                text(claims.get(settings.emailClaim())),
                emailVerified(user.getEmailVerified(), claims.get("xms_edov")),
                text(claims.get(settings.nameClaim())),
                groups(claims.get(settings.groupsClaim())));
        return switch (signIn.signIn(facts)) {
            case SsoSignIn.SignedIn signedIn -> new SsoUser(user, signedIn);
            case SsoSignIn.Refused refused ->
                throw new OAuth2AuthenticationException(
                        new OAuth2Error(SsoAuthenticationHandlers.errorCode(refused.reason())),
                        "single sign-on refused: " + refused.reason());
        };
    }

    /**
     * Whether the provider vouches for the address: {@code email_verified}, or, where a provider never
     * sends that claim, Microsoft Entra ID's optional {@code xms_edov} ("email domain owner verified")
     * claim. An explicit {@code email_verified: false} is never overridden.
     */
    static boolean emailVerified(Boolean emailVerified, Object entraDomainOwnerVerified) {
        if (emailVerified != null) {
            return emailVerified;
        }
        return Boolean.TRUE.equals(entraDomainOwnerVerified)
                || "true".equals(entraDomainOwnerVerified)
                || "1".equals(String.valueOf(entraDomainOwnerVerified));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** A list of names, or one name, or a comma-separated string of names (providers differ). */
    static List<String> groups(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().filter(g -> g != null).map(Object::toString).toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return List.of(s.split("\\s*,\\s*"));
        }
        return List.of();
    }
}
