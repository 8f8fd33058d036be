package dev.vlmconsole.api.services;

import dev.vlmconsole.api.Role;
import java.util.UUID;

/**
 * Refused: the person already belongs to the workspace (a {@code 409} problem on the machine API).
 * Nothing was changed; {@link #role()} says how they belong, so that a page can say it plainly.
 *
 * @since 1.1
 */
public class AlreadyAMemberException extends IllegalStateException {

    private final UUID userId;
    private final Role role;

    /**
     * @param userId the person
     * @param role   their current role in the workspace
     */
    public AlreadyAMemberException(UUID userId, Role role) {
        super("Already a member of this workspace, as " + role.label() + ".");
        this.userId = userId;
        this.role = role;
    }

    /** The person. */
    public UUID userId() {
        return userId;
    }

    /** Their current role. */
    public Role role() {
        return role;
    }
}
