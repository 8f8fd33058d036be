package dev.vlmconsole.api.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A workspace was created, with its first Owner.
 *
 * @param workspaceId the new workspace
 * @param name        its name
 * @param ownerUserId its first Owner
 * @param at          when
 */
public record WorkspaceCreated(UUID workspaceId, String name, UUID ownerUserId, Instant at) {}
