package dev.vlmconsole.api.events;

import dev.vlmconsole.api.Actor;
import java.time.Instant;
import java.util.UUID;

/**
 * An operator lifted a workspace's suspension. Published inside the resuming transaction on the node
 * that made the change.
 *
 * @param workspaceId the workspace
 * @param reason      the reason given
 * @param by          the operator (or operator platform key)
 * @param at          when
 * @since 1.4
 */
public record WorkspaceResumed(UUID workspaceId, String reason, Actor by, Instant at) {}
