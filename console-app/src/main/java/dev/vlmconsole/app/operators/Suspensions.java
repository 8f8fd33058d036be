package dev.vlmconsole.app.operators;

import java.util.UUID;

/**
 * Suspending and resuming a workspace: operators only ({@code Permissions.OPERATOR}, or a platform key
 * of scope {@code operator}), always with a reason, audited in that workspace's log as an operator
 * action, in one transaction, and announced to every node (module-api {@code WorkspaceStatus}).
 * Suspending a suspended workspace (or resuming an active one) changes nothing and records nothing.
 */
public interface Suspensions {

    /**
     * Suspends {@code workspaceId}: its keys verify {@code SUSPENDED} from then on, on every node
     * within about a second; its members keep read-only access.
     *
     * @return whether it changed anything
     * @throws dev.vlmconsole.api.InvalidInputException when the reason is blank or too long (500)
     * @throws dev.vlmconsole.api.PermissionDeniedException when the caller is not an operator
     * @throws java.util.NoSuchElementException when there is no such workspace
     */
    boolean suspend(UUID workspaceId, String reason);

    /**
     * Resumes {@code workspaceId}.
     *
     * @return whether it changed anything
     */
    boolean resume(UUID workspaceId, String reason);
}
