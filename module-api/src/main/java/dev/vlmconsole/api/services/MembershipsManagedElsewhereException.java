package dev.vlmconsole.api.services;

import dev.vlmconsole.api.PermissionDeniedException;

/**
 * A membership change refused because a {@link MembershipPolicy} says the workspace's members are
 * managed elsewhere. It is a {@link PermissionDeniedException} (a 403 on the machine API) that
 * carries the policy's sentence for people.
 *
 * @since 1.1
 */
public class MembershipsManagedElsewhereException extends PermissionDeniedException {

    private final String reason;

    /** @param reason the policy's sentence, such as "Members of this workspace are managed in Okta." */
    public MembershipsManagedElsewhereException(String reason) {
        super(Memberships.MANAGE);
        this.reason = reason;
    }

    /** The policy's sentence for people. */
    public String reason() {
        return reason;
    }
}
