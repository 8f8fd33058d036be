package dev.vlmconsole.api.services;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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

    /**
     * A member with the facts a members list shows.
     *
     * @param joinedAt     when they joined this workspace
     * @param lastActiveAt when they last used the console (any workspace; recorded at most every 30
     *                     seconds), or {@code null} when never since the console started recording it
     * @since 1.2
     */
    record MemberDetails(
            UUID userId,
            String email,
            String displayName,
            Role role,
            Instant joinedAt,
            @Nullable Instant lastActiveAt) {}

    /**
     * The members of {@code workspaceId} with when they joined and were last active, by name.
     *
     * @since 1.2
     */
    default List<MemberDetails> roster(UUID workspaceId) {
        throw new UnsupportedOperationException("roster needs module-api 1.2 on the console side");
    }

    /**
     * A workspace's name, for pages that open without a current workspace (an invitation's accept
     * page). The {@link WorkspaceRef#role()} is {@link Role#VIEWER} when the id is known but says
     * nothing about any person: use it for the name only.
     *
     * @since 1.2
     */
    default Optional<WorkspaceRef> workspace(UUID workspaceId) {
        throw new UnsupportedOperationException("workspace needs module-api 1.2 on the console side");
    }
}
