package dev.vlmconsole.app.sso;

import java.io.Serial;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The provider's person once the console decided their sign-in ({@link SsoSignIn}): which account they
 * are, and whether they belong to any workspace. Lives only until the session is signed in as that
 * account ({@code SessionSignIn}); the session's principal is the console's own {@code ConsoleUser}.
 */
final class SsoUser extends DefaultOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final String email;
    private final boolean member;

    SsoUser(OidcUser user, SsoSignIn.SignedIn outcome) {
        super(List.of(), user.getIdToken(), user.getUserInfo());
        this.userId = outcome.userId();
        this.email = outcome.email();
        this.member = outcome.member();
    }

    UUID userId() {
        return userId;
    }

    String email() {
        return email;
    }

    boolean member() {
        return member;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SsoUser other && other.userId.equals(userId) && super.equals(o);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }
}
