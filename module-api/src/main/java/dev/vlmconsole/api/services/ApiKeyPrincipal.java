package dev.vlmconsole.api.services;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated API key on the machine API.
 *
 * @param keyId       the key
 * @param workspaceId the workspace it belongs to
 * @param ownerUserId the member who owns it
 * @param name        its name (for the audit log)
 * @param scopes      its scopes, such as {@code inference} or {@code admin}
 */
public record ApiKeyPrincipal(UUID keyId, UUID workspaceId, UUID ownerUserId, String name, Set<String> scopes) {

    /** Scope of keys SDKs send to the platform. */
    public static final String SCOPE_INFERENCE = "inference";
    /** Scope of keys that drive the console's management API. */
    public static final String SCOPE_ADMIN = "admin";

    public ApiKeyPrincipal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        scopes = Set.copyOf(scopes);
    }

    /** Whether the key carries {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
