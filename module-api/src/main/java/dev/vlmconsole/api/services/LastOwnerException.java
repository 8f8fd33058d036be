package dev.vlmconsole.api.services;

import java.util.UUID;

/**
 * Refused: the change would leave a workspace without an Owner (demoting, removing or the leaving
 * of its last Owner). A {@code 409} problem on the machine API; in the console, say that someone
 * else must be made an Owner first. Nothing was changed.
 *
 * @since 1.1
 */
public class LastOwnerException extends IllegalStateException {

    private final UUID workspaceId;
    private final UUID userId;

    /**
     * @param workspaceId the workspace
     * @param userId      its last Owner, whom the change concerned
     */
    public LastOwnerException(UUID workspaceId, UUID userId) {
        super("A workspace keeps at least one Owner: make someone else an Owner first.");
        this.workspaceId = workspaceId;
        this.userId = userId;
    }

    /** The workspace. */
    public UUID workspaceId() {
        return workspaceId;
    }

    /** Its last Owner. */
    public UUID userId() {
        return userId;
    }
}
