package dev.vlmconsole.api;

import java.util.UUID;

/**
 * Thrown instead of a plain {@link PermissionDeniedException} when the acting context would hold a
 * permission but its workspace is suspended by the platform's operators, and the permission is not
 * one of the {@linkplain ConsoleModule#readOnlyPermissions() read-only} ones. The console answers it
 * with a 403 problem of type {@code workspace-suspended} on the machine API and a message naming the
 * reason in the UI.
 *
 * @since 1.4
 */
public class WorkspaceSuspendedException extends PermissionDeniedException {

    private final UUID workspaceId;
    private final String reason;

    /**
     * @param permission  the permission refused
     * @param workspaceId the suspended workspace
     * @param reason      the reason the operator gave, shown to the workspace's members
     */
    public WorkspaceSuspendedException(String permission, UUID workspaceId, String reason) {
        super(permission);
        this.workspaceId = workspaceId;
        this.reason = reason == null ? "" : reason;
    }

    /** The suspended workspace. */
    public UUID workspaceId() {
        return workspaceId;
    }

    /** The reason the operator gave (may be empty). */
    public String reason() {
        return reason;
    }
}
