package dev.vlmconsole.api.services;

import java.util.Optional;

/**
 * Authenticates the bearer token of a machine-API call. The keys module provides it; without one
 * no token is valid and every {@code /api/v1/**} call is answered 401.
 */
public interface ApiKeyAuthenticator {

    /** The key's principal when {@code bearerToken} is a valid, active key; empty otherwise. */
    Optional<ApiKeyPrincipal> authenticate(String bearerToken);
}
