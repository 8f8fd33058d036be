package dev.vlmconsole.app.operators;

import java.util.Optional;
import java.util.UUID;

/**
 * An operator opening a workspace <em>as support</em>: read-only, in this browser tab, without
 * membership. While open, the console context's workspace is that one, {@code isSupportSession()} is
 * true and the context holds exactly the read-only permissions of every module; each opening is
 * recorded in that workspace's audit log as an operator action (its members see that support looked),
 * with the reason given.
 */
public interface SupportSessions {

    /**
     * Opens {@code workspaceId} as support in the current tab (and session), after checking
     * {@code Permissions.OPERATOR}; records {@code core.support.opened} in its log.
     *
     * @throws dev.vlmconsole.api.InvalidInputException when the reason is blank or too long (500)
     * @throws java.util.NoSuchElementException when there is no such workspace
     */
    void open(UUID workspaceId, String reason);

    /** Ends the support session of the current tab, if any (the operator's own workspace, if any, is back). */
    void close();

    /** The workspace the current tab looks at as support, if any. */
    Optional<UUID> current();
}
