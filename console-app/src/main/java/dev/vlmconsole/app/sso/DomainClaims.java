package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Email domains a workspace claims, so that new people of that domain who sign in with single sign-on
 * join it with a default role. An Owner asks for a domain; an operator approves or rejects it (with a
 * reason); one claim per domain across the install, pending or approved, so that no Owner can capture
 * another company's people. Every change is audited: the Owner's in the workspace's log, the
 * operator's decision as an operator action in the workspace's log.
 *
 * <p>Permissions are checked here: {@link #SETTINGS} (Owners) to ask, withdraw and change the default
 * role; {@code Permissions.OPERATOR} to decide and to list every pending claim.
 */
public interface DomainClaims {

    /** The permission of Owners to manage their workspace's sign-in settings (domains, group mapping). */
    String SETTINGS = "core.sso.settings";

    /** Input name of the domain in {@link InvalidInputException#fieldErrors()}. */
    String DOMAIN = "domain";

    /** Where a claim stands. A rejected or withdrawn claim is deleted (and audited), freeing the domain. */
    enum Status {
        PENDING,
        APPROVED
    }

    record Claim(
            UUID id,
            UUID workspaceId,
            String workspaceName,
            String domain,
            Role defaultRole,
            Status status,
            Instant requestedAt,
            String requestedBy,
            @Nullable Instant decidedAt) {}

    /**
     * The current workspace asks for {@code domain} (lower-cased, without {@code @}; a public mail
     * domain such as gmail.com is refused) with new people joining as {@code defaultRole} (never Owner).
     *
     * @throws InvalidInputException     on {@link #DOMAIN}: malformed, public, or claimed by any workspace
     * @throws PermissionDeniedException when the actor is not an Owner
     */
    Claim request(String domain, Role defaultRole);

    /** The current workspace's claims, pending and approved. */
    List<Claim> ofCurrentWorkspace();

    /** Changes the role new people of an approved or pending claim of the current workspace get. */
    Claim changeDefaultRole(UUID claimId, Role defaultRole);

    /**
     * The current workspace gives up a claim (pending or approved).
     *
     * @throws NoSuchElementException when it is not a claim of the current workspace
     */
    void withdraw(UUID claimId);

    /** Every pending claim of the install, oldest first (operators). */
    List<Claim> pending();

    /** Every approved claim of the install, by domain (operators). */
    List<Claim> approved();

    /** An operator approves a pending claim, with a reason. */
    Claim approve(UUID claimId, String reason);

    /** An operator rejects a pending claim, or revokes an approved one, with a reason. */
    void reject(UUID claimId, String reason);

    /** The approved claim of the domain of {@code email}, if any (sign-in; no permission needed). */
    Optional<Claim> approvedFor(String email);
}
