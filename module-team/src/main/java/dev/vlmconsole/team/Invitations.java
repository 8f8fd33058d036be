package dev.vlmconsole.team;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Invitations to the current workspace, and accepting one. The Team pages and the machine API both
 * go through this service; it checks permissions itself ({@link TeamModule#MANAGE} to invite,
 * resend and revoke, {@link TeamModule#READ} to list, an Owner for the allowed domains), so neither
 * can forget one.
 *
 * <p>The workspace is always the {@link ConsoleContext}'s current one: an id of another workspace's
 * invitation is answered like an unknown one ({@link NoSuchElementException}). A link carries a
 * random token of which only a hash is stored; it works once, until it expires (7 days by default,
 * {@code console.team.invitation-ttl}), and a resend or a revoke ends it. Each invitation email goes
 * out through the console's outbox after the inviting transaction commits.
 */
public interface Invitations {

    /** Input name of the addresses in {@link InvalidInputException#fieldErrors()}. */
    String EMAILS = "emails";
    /** Input name of the allowed domains. */
    String DOMAINS = "domains";

    /**
     * {@link PermissionDeniedException#permission()} when the signed-in person's address is not the
     * invited one; any other refusal of an accept means the inviter may no longer grant the role.
     */
    String WRONG_ADDRESS = "team.invitation.email";

    /** Where an invitation stands. */
    enum Status {
        PENDING,
        EXPIRED,
        ACCEPTED,
        REVOKED
    }

    /**
     * What became of the email of an invitation's current link, as the console's outbox tells it
     * (module-api 1.2 {@code OutboundMail.status}).
     */
    enum EmailDelivery {
        /** No email: no mail server was configured, and the link was shown to copy. */
        NONE,
        /** Waiting to be sent, or being sent. */
        QUEUED,
        /** The mail server accepted it. */
        SENT,
        /** Never delivered (the mail server refused it for a day): resend it, or copy a new link. */
        FAILED,
        /** Interrupted while being sent: it may not have arrived, and is not sent again. */
        UNCERTAIN,
        /** The outbox no longer knows it (finished and deleted since, {@code console.mail.keep-sent}). */
        UNKNOWN;

        /** Whether the email surely or possibly never arrived, so that the invitation needs a resend. */
        public boolean notDelivered() {
            return this == FAILED || this == UNCERTAIN;
        }
    }

    /**
     * An invitation as the pages and the API show it; {@code delivery} is what became of the email
     * of its current link. An invitation the workspace's SCIM provisioning made
     * ({@code module-api PendingInvitations#provision}) has no {@code invitedBy} and is
     * {@code provisioned}; its {@code invitedByName} is {@link #PROVISIONED_BY}.
     */
    record Invitation(
            UUID id,
            String email,
            Role role,
            @Nullable UUID invitedBy,
            String invitedByName,
            Instant createdAt,
            Instant expiresAt,
            Status status,
            @Nullable Instant endedAt,
            EmailDelivery delivery,
            boolean provisioned) {}

    /** Who invited, for an invitation that SCIM provisioning made (its email and accept page say so). */
    String PROVISIONED_BY = "your identity provider (SCIM)";

    /** What happened to one address of an {@link #invite} call. */
    sealed interface Outcome {
        String email();

        /**
         * Invited; {@code link} is the accept link only when no mail server is configured (shown
         * once, to copy), else {@code null}: the link then exists only in the email.
         */
        record Sent(
                String email,
                Invitation invitation,
                @Nullable String link) implements Outcome {}

        /** Already a member of the workspace: nothing sent. */
        record AlreadyMember(String email) implements Outcome {}

        /** Already has a pending invitation: nothing sent; {@link #resend} offers a new link. */
        record AlreadyInvited(String email, Invitation pending) implements Outcome {}

        /** Not invited, and why in plain words (not an address, a domain the workspace does not allow). */
        record Refused(String email, String reason) implements Outcome {}
    }

    /**
     * Invites every address of {@code addresses} (separated by commas, semicolons, spaces or new
     * lines; duplicates once) with {@code role}, in one transaction.
     *
     * @return one outcome per distinct address, in the order given
     * @throws InvalidInputException     on {@link #EMAILS} when there is no address at all, or when
     *                                   the workspace's daily limit would be passed (nothing sent)
     * @throws PermissionDeniedException without {@link TeamModule#MANAGE}, or for a role the actor
     *                                   may not grant (only an Owner invites Owners)
     */
    List<Outcome> invite(String addresses, Role role);

    /** The invitations of the current workspace with one of {@code statuses}, newest first. */
    List<Invitation> list(Set<Status> statuses);

    /** One invitation of the current workspace. */
    Optional<Invitation> find(UUID id);

    /**
     * Sends a pending or expired invitation again with a new link and a new expiry; the old link
     * stops working.
     *
     * @return the renewed invitation, with its link only when no mail server is configured
     * @throws NoSuchElementException when the workspace has no such invitation
     * @throws IllegalStateException  when it was accepted or revoked
     */
    Outcome.Sent resend(UUID id);

    /**
     * Revokes a pending or expired invitation; its link stops working.
     *
     * @throws NoSuchElementException when the workspace has no such invitation
     * @throws IllegalStateException  when it was accepted
     */
    void revoke(UUID id);

    /** How many invitations the current workspace has sent in the last 24 hours, and may. */
    record DailyQuota(int used, int limit) {}

    /** The current workspace's use of its daily limit ({@code console.team.invitations-per-day}). */
    DailyQuota quota();

    /**
     * Whether invitation emails are sent, or their links shown to copy (and why, in plain words);
     * and whether links carry the console's public address ({@code console.public-url}) or name
     * {@code localhost}, which only the console's own machine can open.
     */
    record Delivery(boolean mailConfigured, String notConfiguredReason, boolean linksArePublic) {}

    Delivery delivery();

    /** The domains invitations of the current workspace are limited to; empty means any domain. */
    List<String> allowedDomains();

    /**
     * Limits invitations to these domains (an Owner's setting); empty allows every domain.
     * Invitations already sent stay valid.
     *
     * @throws InvalidInputException     on {@link #DOMAINS} for a value that is not a domain name
     * @throws PermissionDeniedException when the actor is not an Owner
     */
    void setAllowedDomains(Collection<String> domains);

    // ---------------------------------------------------------------- accepting (opens without signing in)

    /** What a link's token is, for the accept page. */
    sealed interface Link {

        /**
         * A link that can be accepted. {@code hasAccount} says whether {@code email} already has an
         * account (then the person signs in with it and joins); {@code provisioned} whether the
         * workspace's SCIM provisioning sent it rather than a member.
         */
        record Open(
                UUID invitationId,
                String email,
                String workspaceName,
                Role role,
                String invitedByName,
                Instant expiresAt,
                boolean hasAccount,
                boolean provisioned)
                implements Link {}

        /**
         * Accepted already by the signed-in person, who is a member of the workspace now (such as after
         * single sign-on joined their pending invitations and brought them back to the link): the
         * accept page welcomes them and opens the workspace.
         */
        record Joined(UUID workspaceId, String workspaceName, Role role) implements Link {}

        /** Used already (accepted), revoked, replaced by a resend, expired, or never issued. Names no workspace. */
        record Closed(Reason reason) implements Link {}

        /** Why a link is closed; the accept page says it in plain words. */
        enum Reason {
            ACCEPTED,
            REVOKED,
            REPLACED,
            EXPIRED,
            UNKNOWN
        }
    }

    /** Looks a link's token up; never throws for a bad token. */
    Link open(String token);

    /**
     * A person without an account accepts: creates their account (the console's rules for names and
     * passwords), adds them to the workspace with the invited role, signs them in on this request,
     * audits it, in one transaction; the link is used up.
     *
     * @return the workspace they joined
     * @throws InvalidInputException  on the name or password (nothing changed)
     * @throws IllegalStateException  when the link is closed, or the address now has an account
     */
    UUID acceptAsNewPerson(String token, String displayName, String password);

    /**
     * The signed-in person accepts: their account's email must be the invited address.
     *
     * @return the workspace they joined
     * @throws IllegalStateException     when the link is closed
     * @throws PermissionDeniedException when the signed-in person's email is not the invited one
     */
    UUID acceptAsSignedIn(String token);
}
