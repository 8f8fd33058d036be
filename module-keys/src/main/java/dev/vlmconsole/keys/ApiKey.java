package dev.vlmconsole.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key as people and the management API see it: never its secret, only its prefix.
 *
 * @param id            key id
 * @param workspaceId   workspace it belongs to
 * @param ownerUserId   member who owns it, or null for a service key, owned by the workspace (DD037)
 * @param name          its name
 * @param project       optional project label (may be null)
 * @param scope         {@code inference}, {@code admin} or {@code scim}
 * @param displayPrefix e.g. {@code vlm_live_AbCd}
 * @param createdAt     when it was created
 * @param expiresAt     when it stops working (null: never)
 * @param revokedAt     when it was revoked (null: not revoked)
 * @param lastUsedAt    last successful verification (null: never)
 * @param createdBy     who created it, as the audit log names them (null: not recorded, for keys created
 *                      before keys migration V6)
 */
public record ApiKey(
        UUID id,
        UUID workspaceId,
        UUID ownerUserId,
        String name,
        String project,
        String scope,
        String displayPrefix,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt,
        String createdBy) {

    /** A key whose creator is not recorded. */
    public ApiKey(
            UUID id,
            UUID workspaceId,
            UUID ownerUserId,
            String name,
            String project,
            String scope,
            String displayPrefix,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {
        this(
                id,
                workspaceId,
                ownerUserId,
                name,
                project,
                scope,
                displayPrefix,
                createdAt,
                expiresAt,
                revokedAt,
                lastUsedAt,
                null);
    }

    /** Whether the workspace owns this key rather than a member: removing a person never revokes it (DD037). */
    public boolean isServiceKey() {
        return ownerUserId == null;
    }

    /** Keys expiring within this time show as expiring. */
    public static final Duration EXPIRING_WITHIN = Duration.ofDays(7);

    /** What a key's state is at one instant. */
    public enum Status {
        ACTIVE("Active"),
        EXPIRING("Expiring"),
        REVOKED("Revoked"),
        EXPIRED("Expired");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The key's status at {@code now}. */
    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Status.EXPIRED;
        }
        if (expiresAt != null && expiresAt.isBefore(now.plus(EXPIRING_WITHIN))) {
            return Status.EXPIRING;
        }
        return Status.ACTIVE;
    }
}
