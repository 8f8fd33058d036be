package dev.vlmconsole.api.events;

import dev.vlmconsole.api.Actor;
import java.time.Instant;
import java.util.UUID;

/**
 * An operator suspended a workspace. Published inside the suspending transaction on the node that
 * made the change (other nodes learn of it through {@code WorkspaceStatus}).
 *
 * @param workspaceId the workspace
 * @param reason      the reason given
 * @param by          the operator (or operator platform key)
 * @param at          when
 * @since 1.4
 */
public record WorkspaceSuspended(UUID workspaceId, String reason, Actor by, Instant at) {}
