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
}
