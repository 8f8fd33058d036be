package dev.vlmconsole.api.services;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated API key on the machine API.
 *
 * @param keyId       the key
 * @param workspaceId the workspace it belongs to
 * @param ownerUserId the member who owns it, or {@code null} for a service key, owned by the workspace
 *                    itself (since 1.5: a {@value #SCOPE_SCIM} key, or an admin key for automation, that
 *                    must outlive any one person; removing a member never revokes it)
 * @param name        its name (for the audit log)
 * @param scopes      its scopes, such as {@code inference}, {@code admin} or {@code scim}
 */
public record ApiKeyPrincipal(
        UUID keyId, UUID workspaceId, @Nullable UUID ownerUserId, String name, Set<String> scopes) {

    /** Scope of keys SDKs send to the platform. */
    public static final String SCOPE_INFERENCE = "inference";
    /** Scope of keys that drive the console's management API. */
    public static final String SCOPE_ADMIN = "admin";
    /**
     * Scope of keys an identity provider uses for SCIM provisioning: such a key calls {@code /scim/v2/**}
     * of its workspace and nothing else, and no other key may call SCIM. It has the {@code vlm_admin_}
     * form (the secret scanners' pattern is unchanged) and is a service key.
     *
     * @since 1.5
     */
    public static final String SCOPE_SCIM = "scim";

    public ApiKeyPrincipal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        scopes = Set.copyOf(scopes);
    }

    /**
     * Whether the workspace owns this key rather than a member (its {@code ownerUserId} is null).
     *
     * @since 1.5
     */
    public boolean isServiceKey() {
        return ownerUserId == null;
    }

    /** Whether the key carries {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
