package dev.vlmconsole.api.services;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.MemberDirectory.Member;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Changes who belongs to a workspace and with which role. The console owns the membership tables
 * (sign-in and the workspace switcher need them without any module) and provides this service; a
 * module that manages members (Team, later SSO or SCIM) changes memberships only through it, never
 * by writing the console's tables.
 *
 * <p>Every method acts for the {@link ConsoleContext} of the call, in its current workspace, and the
 * console enforces the rules itself, so a module cannot forget one:
 * <ul>
 *   <li>Owners and Admins change memberships (the {@value #MANAGE} permission, which admin API keys
 *       may also use); only an Owner makes someone an Owner, or changes or removes an Owner
 *       ({@value #MANAGE_OWNERS});</li>
 *   <li>any member may {@linkplain #leave() leave};</li>
 *   <li>a workspace keeps at least one Owner, also when two Owners demote or remove each other at
 *       the same moment (the change locks the workspace's memberships until it commits, and
 *       re-reads the actor's own role under that lock);</li>
 *   <li>a {@link MembershipPolicy} may say that memberships are managed elsewhere (an identity
 *       provider): then every change here is refused with
 *       {@link MembershipsManagedElsewhereException};</li>
 *   <li>each change is written to the audit log, in the changing transaction;</li>
 *   <li>a removal (or a member leaving) publishes {@link MemberRemoved} inside the removing
 *       transaction: its listeners (the keys module revokes the person's keys) commit or roll
 *       back with it.</li>
 * </ul>
 *
 * <p>Each method joins the caller's transaction or starts one. A person, or their API key, loses
 * access to the workspace on their next request after the change commits.
 *
 * <p>Errors: {@link PermissionDeniedException} (not allowed: a missing permission, an Admin
 * touching an Owner, a policy refusing), {@link NoSuchElementException} (the person is not a member
 * of the current workspace: another workspace's ids look exactly like unknown ones),
 * {@link AlreadyAMemberException}, {@link LastOwnerException}. Nothing changed when one is thrown.
 *
 * @since 1.1
 * @see "DD011, docs/decisions/DD011-memberships-and-payments.md"
 */
public interface Memberships {

    /** The permission of Owners and Admins to add, remove and change the role of members. */
    String MANAGE = "core.members.manage";

    /**
     * The permission, held by Owners only, to make someone an Owner and to change or remove an
     * Owner. {@link PermissionDeniedException#permission()} names it when an Admin tries.
     */
    String MANAGE_OWNERS = "core.members.owners";

    /**
     * Adds an existing person to the current workspace.
     *
     * <p>For a module that has already established the person's right to join, such as an identity
     * provider's assertion: the console checks who may add and which role, not whether this person
     * should be in this workspace, and the returned member names them. Never let a person choose the
     * user id (a form or API field): that would let an Admin pull any account of the install into
     * their workspace and read its name and email. Invitations use {@link #join}.
     *
     * @param userId the person (an account of this install)
     * @param role   their role; {@link Role#OWNER} only when the actor is an Owner
     * @return the new member
     * @throws NoSuchElementException  when there is no such person
     * @throws AlreadyAMemberException when they already belong to the workspace
     */
    Member add(UUID userId, Role role);

    /**
     * Adds {@code userId} to {@code workspaceId} on an invitation, acting for the person joining (who
     * need not be signed in yet, as when an invitation creates their account). The invitation's
     * authority is checked now, not when it was sent: {@code invitedBy} must still be a member who may
     * grant {@code role} (Owner or Admin; an Owner for {@link Role#OWNER}), else
     * {@link PermissionDeniedException}. The caller (the module that owns invitations) has checked
     * the invitation itself (its token, expiry and address).
     *
     * @param workspaceId the workspace the invitation is for
     * @param userId      the person joining
     * @param role        the role the invitation grants
     * @param invitedBy   the member who sent the invitation
     * @return the new member
     * @throws NoSuchElementException  when the workspace or the person does not exist
     * @throws AlreadyAMemberException when the person already belongs to the workspace
     */
    Member join(UUID workspaceId, UUID userId, Role role, UUID invitedBy);

    /**
     * Adds {@code userId} to {@code workspaceId} on an invitation that the workspace's SCIM provisioning
     * created ({@link PendingInvitations#provision}), acting for the person joining. The invitation's
     * authority is checked now: {@code provisioningKeyId} must still be an active key of scope
     * {@code scim} of that workspace, else {@link PermissionDeniedException}. As with {@link #join}, the
     * caller has checked the invitation itself.
     *
     * @return the new member
     * @throws NoSuchElementException  when the workspace or the person does not exist
     * @throws AlreadyAMemberException when the person already belongs to the workspace
     * @since 1.5
     */
    Member joinProvisioned(UUID workspaceId, UUID userId, Role role, UUID provisioningKeyId);

    /**
     * Changes a member's role. Changing to the role they have is allowed and changes nothing
     * (nor is it audited).
     *
     * @return the member with their new role
     * @throws LastOwnerException when it would leave the workspace without an Owner
     */
    Member changeRole(UUID userId, Role role);

    /**
     * Removes a member from the current workspace (the actor may remove themselves, as with
     * {@link #leave()}).
     *
     * @throws LastOwnerException when they are its last Owner
     */
    void remove(UUID userId);

    /**
     * The acting person leaves the current workspace; no permission is needed (an API key cannot
     * make its owner leave: {@link PermissionDeniedException}, or {@link LastOwnerException} when its
     * owner is the last Owner, whom nobody may remove).
     *
     * @throws LastOwnerException when they are its last Owner (they transfer ownership first)
     */
    void leave();

    /**
     * The acting Owner makes {@code newOwnerUserId}, a member of the current workspace, an Owner and
     * becomes an {@link Role#ADMIN} themselves, in one transaction.
     *
     * @throws PermissionDeniedException when the actor is not an Owner
     * @throws NoSuchElementException    when the new Owner is not a member
     */
    void transferOwnership(UUID newOwnerUserId);
}
