package dev.vlmconsole.keys;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.Verification;
import java.util.Optional;
import java.util.Set;

/** The keys module's answer to who a bearer token is, for the machine API. */
final class KeyAuthenticator implements ApiKeyAuthenticator {

    private final KeyVerifier verifier;

    KeyAuthenticator(KeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<ApiKeyPrincipal> authenticate(String bearerToken) {
        Verification v = verifier.authenticate(bearerToken);
        if (!v.valid()) {
            return Optional.empty();
        }
        var s = v.state();
        return Optional.of(
                new ApiKeyPrincipal(s.keyId(), s.workspaceId(), s.ownerUserId(), s.name(), Set.of(s.scope())));
    }
}
