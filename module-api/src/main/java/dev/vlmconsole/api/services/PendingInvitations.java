package dev.vlmconsole.api.services;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Pending invitations as the console's sign-in and provisioning see them. The module that owns
 * invitations (Team) provides it; without one, single sign-on lets no one in by invitation and SCIM
 * cannot invite people who have no account.
 *
 * <ul>
 *   <li>Single sign-on: a person whose provider-verified email has pending invitations joins those
 *       workspaces at once ({@link #pendingFor}, then {@link #accept}).</li>
 *   <li>SCIM: a user created for a person without an account, while single sign-on is off, becomes an
 *       invitation ({@link #provision}); such invitations do not count against the daily invitation
 *       limit, and a SCIM delete revokes them ({@link #revokeProvisioned}).</li>
 * </ul>
 *
 * @since 1.5
 */
public interface PendingInvitations {

    /**
     * An invitation that can still be accepted (not expired, revoked or accepted).
     *
     * @param invitationId     the invitation
     * @param workspaceId      the workspace it is for
     * @param email            the invited address, as typed by the inviter
     * @param role             the role it grants
     * @param expiresAt        when its link stops working
     * @param provisioningKeyId the SCIM key that created it, or {@code null} when a member invited
     */
    record Pending(
            UUID invitationId,
            UUID workspaceId,
            String email,
            Role role,
            Instant expiresAt,
            @Nullable UUID provisioningKeyId) {

        public Pending {
            Objects.requireNonNull(invitationId, "invitationId");
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * Every pending invitation for {@code email} (compared as sign-in compares addresses), in any
     * workspace, oldest first. Needs no permission: the caller has established that the address
     * belongs to the person (their identity provider verified it).
     */
    List<Pending> pendingFor(String email);

    /**
     * Accepts a pending invitation for {@code userId}, whose verified address is the invitation's: the
     * person joins through {@link Memberships#join} (or {@link Memberships#joinProvisioned} for a
     * provisioned one, which checks the invitation's authority now), the invitation is marked accepted,
     * and both are audited, in one transaction. A person who is already a member only has the
     * invitation marked accepted.
     *
     * @throws NoSuchElementException    when the invitation is not pending any more
     * @throws PermissionDeniedException when the person's address is not the invited one, or the
     *                                   inviter (or provisioning key) may no longer grant the role
     */
    void accept(UUID invitationId, UUID userId);

    /**
     * Invites {@code email} to the {@link ConsoleContext}'s current workspace with {@code role}, for the
     * workspace's SCIM key acting (the context's API key, of scope {@code scim}): the invitation email
     * goes out as any other, it is not counted against the daily limit, and it is audited with the key
     * as actor. When a provisioned invitation for this address is already pending, it is returned
     * unchanged (SCIM clients retry).
     *
     * @throws PermissionDeniedException when the context is not a SCIM key
     * @throws InvalidInputException on a malformed address
     */
    Pending provision(String email, Role role);

    /**
     * Revokes the pending invitations the current workspace's SCIM key created for {@code email}
     * (a SCIM delete or deactivation of a user who never joined), audited.
     *
     * @return how many were revoked
     * @throws PermissionDeniedException when the context is not a SCIM key
     */
    int revokeProvisioned(String email);
}
