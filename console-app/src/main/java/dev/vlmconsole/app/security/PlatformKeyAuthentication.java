package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.io.Serial;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A platform key authenticated on the machine API (the platform's gateway): its scopes become
 * {@code PLATFORM_<scope>} authorities, apart from workspace keys' {@code SCOPE_<scope>} ones. It acts
 * in no workspace, so every workspace call refuses it; the calls made for the platform ask
 * {@code ConsoleContext.platformKey()}.
 */
public final class PlatformKeyAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient PlatformKeyPrincipal key;

    public PlatformKeyAuthentication(PlatformKeyPrincipal key) {
        super(AuthorityUtils.createAuthorityList(
                key.scopes().stream().map(s -> "PLATFORM_" + s).toArray(String[]::new)));
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public PlatformKeyPrincipal getPrincipal() {
        return key;
    }
}
