package dev.vlmconsole.api.events;

import dev.vlmconsole.api.Actor;
import java.time.Instant;
import java.util.UUID;

/**
 * A person lost their membership of a workspace. Published inside the removing transaction:
 * listeners that must act atomically with the removal (the keys module revokes the person's
 * keys) use a plain {@code @EventListener}.
 *
 * @param workspaceId the workspace
 * @param userId      the person removed
 * @param removedBy   who removed them
 * @param at          when
 */
public record MemberRemoved(UUID workspaceId, UUID userId, Actor removedBy, Instant at) {}
