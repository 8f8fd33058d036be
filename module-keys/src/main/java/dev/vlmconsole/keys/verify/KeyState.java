package dev.vlmconsole.keys.verify;

import java.time.Instant;
import java.util.UUID;

/**
 * What verification needs to know about the key behind one secret; cached by secret hash.
 *
 * @param keyId            the key
 * @param workspaceId      its workspace
 * @param ownerUserId      its owner, or null for a service key (owned by the workspace, DD037)
 * @param name             its name
 * @param scope            {@code inference}, {@code admin} or {@code scim}
 * @param expiresAt        key expiry (null: never)
 * @param revokedAt        revocation time (null: active)
 * @param secretValidUntil end of this secret's grace period after a roll (null: current secret)
 */
public record KeyState(
        UUID keyId,
        UUID workspaceId,
        UUID ownerUserId,
        String name,
        String scope,
        Instant expiresAt,
        Instant revokedAt,
        Instant secretValidUntil) {}
