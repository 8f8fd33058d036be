package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.io.Serial;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** An API key authenticated on the machine API; its scopes become {@code SCOPE_<scope>} authorities. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ApiKeyPrincipal key;

    public ApiKeyAuthentication(ApiKeyPrincipal key) {
        super(AuthorityUtils.createAuthorityList(
                key.scopes().stream().map(s -> "SCOPE_" + s).toArray(String[]::new)));
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public ApiKeyPrincipal getPrincipal() {
        return key;
    }
}
