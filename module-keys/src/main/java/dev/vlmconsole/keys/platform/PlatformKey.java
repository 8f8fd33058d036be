package dev.vlmconsole.keys.platform;

import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A platform key as operators see it: never its secret, only its prefix.
 *
 * @param id            key id
 * @param name          its name
 * @param displayPrefix e.g. {@code vlm_svc_AbCd}
 * @param scopes        what it may do ({@link PlatformKeyPrincipal#ALL_SCOPES})
 * @param createdBy     who created it, as they were named then ("CONSOLE_BOOTSTRAP_PLATFORM_KEY" for the bootstrap key)
 * @param createdAt     when it was created
 * @param lastUsedAt    when it last authenticated a call (written every few seconds), or null
 * @param revokedAt     when it was revoked, or null
 */
public record PlatformKey(
        UUID id,
        String name,
        String displayPrefix,
        Set<String> scopes,
        String createdBy,
        Instant createdAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {

    /** The scopes in the order the page and the audit log list them. */
    public static final List<String> SCOPE_ORDER = List.of(
            PlatformKeyPrincipal.SCOPE_USAGE, PlatformKeyPrincipal.SCOPE_VERIFY, PlatformKeyPrincipal.SCOPE_OPERATOR);

    public PlatformKey {
        scopes = Set.copyOf(scopes);
    }

    /** Whether it still authenticates calls. */
    public boolean active() {
        return revokedAt == null;
    }

    /** Its scopes for people, such as {@code usage, verify}, in {@link #SCOPE_ORDER}. */
    public String scopeList() {
        return SCOPE_ORDER.stream().filter(scopes::contains).collect(Collectors.joining(", "));
    }

    /** {@code scopes} comma-separated in {@link #SCOPE_ORDER}. */
    static String join(Set<String> scopes) {
        return SCOPE_ORDER.stream().filter(scopes::contains).collect(Collectors.joining(","));
    }

    /** Parses what {@link #join} wrote, ignoring scopes this version does not know. */
    static Set<String> split(String stored) {
        return Arrays.stream(stored.split(","))
                .map(String::strip)
                .filter(PlatformKeyPrincipal.ALL_SCOPES::contains)
                .collect(Collectors.toUnmodifiableSet());
    }
}
