package dev.vlmconsole.api.services;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What members hold in a module that ends when they leave a workspace, such as the keys module's
 * active API keys. A module that owns such things implements this as a bean; the Team pages show a
 * count per member and name the things in the confirmation before a member is removed. The module
 * still ends them itself, on {@link dev.vlmconsole.api.events.MemberRemoved}.
 *
 * @since 1.2
 */
public interface MemberResources {

    /** One thing a member holds. */
    record Resource(String id, String name) {}

    /** A short plural title for a column and a sentence, such as {@code "Active keys"}. */
    String title();

    /** What removing a member does to these things, such as {@code "will be revoked"}. */
    String onRemoval();

    /**
     * What each of {@code userIds} holds in {@code workspaceId}, by user id (people who hold
     * nothing may be missing from the map). Read-only; called on the Team page's requests.
     */
    Map<UUID, List<Resource>> heldBy(UUID workspaceId, Collection<UUID> userIds);
}
