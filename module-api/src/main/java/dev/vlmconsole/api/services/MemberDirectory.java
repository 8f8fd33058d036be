package dev.vlmconsole.api.services;

import dev.vlmconsole.api.Role;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who belongs to a workspace. The console provides it from its own tables; modules use it to
 * show names and to find a workspace's Owner, never by reading the console's tables.
 */
public interface MemberDirectory {

    /** A member of a workspace. */
    record Member(UUID userId, String email, String displayName, Role role) {}

    /** The members of {@code workspaceId}, by name. */
    List<Member> members(UUID workspaceId);

    /** One member, if {@code userId} belongs to {@code workspaceId}. */
    Optional<Member> member(UUID workspaceId, UUID userId);

    /** The workspace's longest-standing Owner. */
    Optional<Member> firstOwner(UUID workspaceId);
}
