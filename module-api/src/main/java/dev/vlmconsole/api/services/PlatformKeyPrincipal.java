package dev.vlmconsole.api.services;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated platform key on the machine API: a key of the install (prefix {@code vlm_svc_}),
 * held by the platform's own services (its gateway), never by a workspace. Operators manage them on
 * the Platform keys page; {@code CONSOLE_BOOTSTRAP_PLATFORM_KEY} installs one at first run.
 *
 * @param keyId  the key
 * @param name   its name (for the audit log)
 * @param scopes what it may do: {@link #SCOPE_USAGE}, {@link #SCOPE_VERIFY}, {@link #SCOPE_OPERATOR}
 * @since 1.3
 */
public record PlatformKeyPrincipal(UUID keyId, String name, Set<String> scopes) {

    /** Reports usage: {@code POST /api/v1/usage}. */
    public static final String SCOPE_USAGE = "usage";

    /**
     * Verifies workspace keys where the install requires a platform key for it
     * ({@code console.keys.verify-requires-platform-key}).
     */
    public static final String SCOPE_VERIFY = "verify";

    /** Acts as an operator over the API (support calls across workspaces). */
    public static final String SCOPE_OPERATOR = "operator";

    /** Every scope: the bootstrap platform key holds them all. */
    public static final Set<String> ALL_SCOPES = Set.of(SCOPE_USAGE, SCOPE_VERIFY, SCOPE_OPERATOR);

    public PlatformKeyPrincipal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
    }

    /** Whether the key carries {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
