package dev.vlmconsole.api.services;

import java.util.UUID;

/**
 * Answers what a workspace is entitled to. The billing module provides it; without one every
 * workspace gets {@link Entitlements#PAY_AS_YOU_GO}. Called on the key-verification hot path:
 * implementations must answer from memory in microseconds.
 */
public interface EntitlementService {

    /** Current entitlements of {@code workspaceId}. */
    Entitlements entitlementsOf(UUID workspaceId);

    /**
     * Current entitlements of {@code workspaceId} for a call made with {@code keyId}: as
     * {@link #entitlementsOf(UUID)}, but {@link Entitlements#hasCredits()} is also {@code false} once the
     * key has spent a credit budget of its own (per-key budgets, billing issue). Verification asks this
     * one; the default ignores the key. Same speed rule: from memory.
     *
     * @since 1.3
     */
    default Entitlements entitlementsOf(UUID workspaceId, UUID keyId) {
        return entitlementsOf(workspaceId);
    }
}
