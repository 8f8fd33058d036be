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
}
