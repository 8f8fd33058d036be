package dev.vlmconsole.api.services;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What other modules may know of a workspace's API keys, without reading the keys module's tables:
 * which workspace a key belongs to, its name and project, and its requests per day. The keys module
 * provides it; without one there are no keys. The billing module uses it to check the key ids of
 * usage events, to draw usage per key and per project, and to offer per-key budgets.
 *
 * @since 1.3
 */
public interface KeyCatalog {

    /**
     * Facts about one key.
     *
     * @param keyId       the key
     * @param workspaceId its workspace
     * @param name        its name
     * @param prefix      the part of it shown to people, such as {@code vlm_live_AbCd}
     * @param project     its project label, or {@code null}
     * @param active      false once revoked or expired (usage reported late for it is still usage)
     */
    record KeyFacts(
            UUID keyId,
            UUID workspaceId,
            String name,
            String prefix,
            @Nullable String project,
            boolean active) {

        public KeyFacts {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    /**
     * The keys among {@code keyIds} that were ever issued, in any state, by id; an id that was never
     * issued is absent. At most a few thousand ids a call; answers from memory where it can (ingestion
     * asks on every batch).
     */
    Map<UUID, KeyFacts> find(Collection<UUID> keyIds);

    /** Every key of {@code workspaceId} (revoked and expired ones too), newest first. */
    List<KeyFacts> keysOf(UUID workspaceId);

    /**
     * Requests per day (the keys module's count of {@code VALID} verifications) of {@code workspaceId}
     * between the two days (inclusive, days of {@link UsageQueries#dayZone()}); days without requests
     * are absent.
     *
     * @param keyId   one key, or {@code null} for all
     * @param project only keys of this project, or {@code null} for all
     */
    Map<LocalDate, Long> dailyRequests(
            UUID workspaceId, @Nullable UUID keyId, @Nullable String project, LocalDate from, LocalDate to);

    /**
     * The keys whose shown prefix starts with {@code prefix} (at least the key form and four
     * characters, such as {@code vlm_live_AbCd}; shorter input finds nothing), in any state, at most
     * {@code limit}: the operators' search finds a workspace by the part of a key a customer reads out.
     *
     * @since 1.4
     */
    default List<KeyFacts> findByPrefix(String prefix, int limit) {
        return List.of();
    }

    /**
     * A key just created: its facts and its secret, shown once and never stored.
     *
     * @since 1.5
     */
    record IssuedKey(KeyFacts facts, String secret) {

        public IssuedKey {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "IssuedKey[" + facts.prefix() + "…]"; // never the secret
        }
    }

    /**
     * Creates a service key (owned by the {@link dev.vlmconsole.api.ConsoleContext}'s current
     * workspace, not by a member) of {@code scope} ({@code admin} or {@code scim}), for an Owner: the
     * Team page's "SCIM provisioning" card creates the workspace's SCIM key this way. Audited; counted
     * against the workspace's key limit like any key.
     *
     * @throws dev.vlmconsole.api.PermissionDeniedException when the actor is not an Owner (a person)
     * @throws dev.vlmconsole.api.InvalidInputException     on a blank or too long name, or an unknown scope
     * @throws IllegalStateException                         when the workspace has all the active keys it may
     *                                                       have (the message says so in plain words)
     * @since 1.5
     */
    default IssuedKey createServiceKey(String name, String scope) {
        throw new UnsupportedOperationException("this console's keys module has no service keys");
    }

    /**
     * The active service keys of {@code scope} of {@code workspaceId}, newest first (the Team page shows
     * the workspace's SCIM keys).
     *
     * @since 1.5
     */
    default List<KeyFacts> serviceKeysOf(UUID workspaceId, String scope) {
        return List.of();
    }

    /**
     * Revokes a key of the current workspace for an Owner (its secret stops working on every node within
     * a second), audited; a key of another workspace is answered like an unknown one.
     *
     * @throws java.util.NoSuchElementException             when there is no such key in the workspace
     * @throws dev.vlmconsole.api.PermissionDeniedException when the actor may not revoke it
     * @since 1.5
     */
    default void revokeServiceKey(UUID keyId) {
        throw new UnsupportedOperationException("this console's keys module has no service keys");
    }
}
