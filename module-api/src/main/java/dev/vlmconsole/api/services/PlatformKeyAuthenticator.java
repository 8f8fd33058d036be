package dev.vlmconsole.api.services;

import java.util.Optional;

/**
 * Authenticates a platform key ({@code vlm_svc_...}) presented as the bearer token of a machine-API
 * call, or in {@code X-Platform-Key} where verification requires one. The keys module provides it;
 * without one no platform key is valid. Answers from memory for known keys (the gateway calls at its
 * own rate).
 *
 * @since 1.3
 */
public interface PlatformKeyAuthenticator {

    /**
     * The key's principal when {@code token} is an active platform key; empty for anything else
     * (a workspace key, a revoked or unknown platform key, a malformed token).
     */
    Optional<PlatformKeyPrincipal> authenticate(String token);

    /** Whether {@code token} is shaped like a platform key (its prefix), without checking it. */
    boolean isPlatformKeyShaped(String token);
}
