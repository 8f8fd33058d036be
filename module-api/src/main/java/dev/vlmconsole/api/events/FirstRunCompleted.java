package dev.vlmconsole.api.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The install was set up: first run created its first Owner and first workspace (from the
 * bootstrap variables or the one-time setup page). Published once per install, inside the
 * setting-up transaction, after the {@link WorkspaceCreated} of that workspace; a module that
 * installs something only on a new install (the keys module's bootstrap admin key) listens to
 * this, never to {@code WorkspaceCreated}, which later workspaces publish too.
 *
 * @param workspaceId the first workspace
 * @param ownerUserId its first Owner
 * @param at          when
 */
public record FirstRunCompleted(UUID workspaceId, UUID ownerUserId, Instant at) {}
