package dev.vlmconsole.api.services;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a workspace is suspended by the platform's operators. The console provides it (a module may
 * simply inject it). A suspended workspace's keys verify {@code SUSPENDED}; its members keep read-only
 * access to the console and its admin keys to read calls ({@code ConsoleModule.readOnlyPermissions()}).
 *
 * <p>Called on the key-verification hot path: {@link #isSuspended} answers from memory. Every node
 * learns of a suspension or resumption through the change feed within about a second.
 *
 * @since 1.4
 */
public interface WorkspaceStatus {

    /** Whether {@code workspaceId} is suspended now; from memory, in microseconds. */
    boolean isSuspended(UUID workspaceId);

    /** The suspension of {@code workspaceId}, empty when it is not suspended. */
    Optional<Suspension> suspension(UUID workspaceId);

    /**
     * One suspension.
     *
     * @param workspaceId the workspace
     * @param reason      the reason the operator gave, shown to the workspace's members
     * @param since       when it was suspended
     */
    record Suspension(UUID workspaceId, String reason, Instant since) {
        public Suspension {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(since, "since");
            reason = reason == null ? "" : reason;
        }
    }
}
