package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MembershipPolicy;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.account.UserRepository.UserRow;
import dev.vlmconsole.app.scim.ScimRoles;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who gets in with single sign-on, and as what (DD034). Given the claims of a person the provider signed
 * in, in one transaction: the email must be verified; the account linked to the provider's subject, else
 * the account with that email (linked now, audited), else a new account without a password, but only for
 * a person with a pending invitation or of an approved claimed domain; every pending invitation of the
 * address is accepted; a new person of a claimed domain joins its workspace; the workspaces' group to role
 * mappings are applied (never demoting the last Owner, never adding anyone). The session itself is the
 * caller's business ({@code SessionSignIn}).
 */
@Service
public class SsoSignIn {

    /** Who the audit log names for what single sign-on changes by itself (group to role mappings). */
    public static final Actor SINGLE_SIGN_ON =
            new Actor(Actor.Kind.SYSTEM, new UUID(0, 0x550L), "", "Single sign-on", false);

    /** How many times a sign-in is decided again, each time without an invitation that could not be accepted. */
    private static final int ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);

    /** What the provider says about the person. */
    public record Claims(
            String issuer, String subject, String email, boolean emailVerified, String name, List<String> groups) {

        /** Never the claims' values beyond the subject and whether the address is verified. */
        @Override
        public String toString() {
            return "Claims[issuer=" + issuer + ", subject=" + subject + ", emailVerified=" + emailVerified + "]";
        }
    }

    /** What became of a sign-in. */
    public sealed interface Outcome {}

    /** Signed in: {@code email} is the account's; {@code member} whether they belong to any workspace. */
    public record SignedIn(UUID userId, String email, boolean member) implements Outcome {}

    /** Refused: nobody is signed in. */
    public record Refused(Reason reason) implements Outcome {}

    /** Why a sign-in is refused. */
    public enum Reason {
        /** The provider did not verify the address (or sent none). */
        EMAIL_NOT_VERIFIED,
        /** The account with this address is already linked to another identity of the provider. */
        LINKED_TO_ANOTHER,
        /** No account, no invitation, no claimed domain: "no access yet". */
        NO_ACCOUNT
    }

    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final SsoIdentityStore identities;
    private final AuditLog audit;
    private final ConsoleContext context;
    private final MembershipPolicy policy;
    private final ObjectProvider<PendingInvitations> invitations;
    private final ObjectProvider<DomainClaims> domains;
    private final ObjectProvider<GroupRoleMappings> mappings;
    private final ObjectProvider<ScimRoles> scimRoles;
    private final TransactionTemplate tx;
    private final Clock clock;

    SsoSignIn(
            UserRepository users,
            WorkspaceRepository workspaces,
            SsoIdentityStore identities,
            AuditLog audit,
            ConsoleContext context,
            MembershipPolicy policy,
            ObjectProvider<PendingInvitations> invitations,
            ObjectProvider<DomainClaims> domains,
            ObjectProvider<GroupRoleMappings> mappings,
            ObjectProvider<ScimRoles> scimRoles,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.users = users;
        this.workspaces = workspaces;
        this.identities = identities;
        this.audit = audit;
        this.context = context;
        this.policy = policy;
        this.invitations = invitations;
        this.domains = domains;
        this.mappings = mappings;
        this.scimRoles = scimRoles;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Decides the sign-in of the person the provider vouches for, in one transaction. An invitation that
     * cannot be accepted any more (its inviter lost the power to grant it, say) rolls that transaction back
     * and the sign-in is decided again without it, so that one stale invitation does not lock a person out.
     */
    public Outcome signIn(Claims claims) {
        if (!claims.emailVerified() || !Emails.isValid(claims.email())) {
            log.info("Single sign-on refused for subject {}: the provider did not verify the email", claims.subject());
            return new Refused(Reason.EMAIL_NOT_VERIFIED);
        }
        Set<UUID> skipped = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> decide(claims, skipped));
            } catch (InvitationNotAccepted e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.info(
                        "Single sign-on: invitation {} could not be accepted ({}); deciding again without it",
                        e.invitationId,
                        e.getCause().toString());
                skipped.add(e.invitationId);
            }
        }
    }

    private Outcome decide(Claims claims, Set<UUID> skipped) {
        String email = Emails.normalize(claims.email());
        PendingInvitations pending = invitations.getIfAvailable();
        List<PendingInvitations.Pending> invited = pending == null
                ? List.of()
                : pending.pendingFor(email).stream()
                        .filter(i -> !skipped.contains(i.invitationId()))
                        .toList();
        UserRow user;
        boolean created = false;
        Optional<UUID> linked = identities.accountOf(claims.issuer(), claims.subject());
        if (linked.isPresent()) {
            user = users.findById(linked.get()).orElseThrow();
            identities.touch(user.id(), clock.instant());
        } else {
            Optional<UserRow> byEmail = users.findByEmail(email);
            if (byEmail.isPresent()) {
                user = byEmail.get();
                if (identities.identityOf(user.id()).isPresent()) {
                    log.warn(
                            "Single sign-on refused for subject {}: the account with that email is linked to another"
                                    + " subject",
                            claims.subject());
                    return new Refused(Reason.LINKED_TO_ANOTHER);
                }
                identities.link(user.id(), claims.issuer(), claims.subject(), clock.instant());
                auditLinked(user, claims);
            } else {
                Optional<DomainClaims.Claim> claim = claimFor(email);
                if (invited.isEmpty() && claim.isEmpty()) {
                    return new Refused(Reason.NO_ACCOUNT);
                }
                String name = displayName(claims.name(), email);
                UUID id = users.insert(email, name, null, false);
                user = users.findById(id).orElseThrow();
                identities.link(id, claims.issuer(), claims.subject(), clock.instant());
                created = true;
                audit.record(new AuditEntry(
                        null,
                        actor(user),
                        "core.sso.account_created",
                        AccountService.person(user.id(), user.displayName(), user.email()),
                        "Signed in with single sign-on for the first time (" + claims.issuer() + "); no password",
                        address()));
            }
        }
        if (pending != null) {
            for (PendingInvitations.Pending invitation : invited) {
                try {
                    pending.accept(invitation.invitationId(), user.id());
                } catch (RuntimeException e) {
                    throw new InvitationNotAccepted(invitation.invitationId(), e);
                }
            }
        }
        if (created) {
            claimFor(email).ifPresent(claim -> joinByDomain(user, claim));
        }
        applyGroupMappings(user, claims.groups());
        boolean member = user.operator() || !workspaces.memberships(user.id()).isEmpty();
        return new SignedIn(user.id(), user.email(), member);
    }

    private Optional<DomainClaims.Claim> claimFor(String email) {
        DomainClaims claims = domains.getIfAvailable();
        return claims == null
                ? Optional.empty()
                : claims.approvedFor(email).filter(c -> c.status() == DomainClaims.Status.APPROVED);
    }

    /** A new person of a claimed domain joins the claim's workspace with its default role. */
    private void joinByDomain(UserRow user, DomainClaims.Claim claim) {
        UUID workspaceId = claim.workspaceId();
        if (policy.managedElsewhere(workspaceId).isPresent()) {
            return; // its members are managed elsewhere (a billing contract's seats, say)
        }
        if (!workspaces.lockForMembershipChange(workspaceId)
                || workspaces.membership(workspaceId, user.id()).isPresent()) {
            return;
        }
        Role role = claim.defaultRole() == Role.OWNER ? Role.MEMBER : claim.defaultRole();
        workspaces.insertMembership(workspaceId, user.id(), role);
        audit.record(new AuditEntry(
                workspaceId,
                actor(user),
                "core.member.joined",
                AccountService.person(user.id(), user.displayName(), user.email()),
                "As " + role.label() + ", by email domain " + claim.domain(),
                address()));
    }

    /** Each workspace's group mapping sets the person's role there, unless SCIM groups set its roles. */
    private void applyGroupMappings(UserRow user, List<String> groups) {
        GroupRoleMappings groupRoles = mappings.getIfAvailable();
        if (groupRoles == null) {
            return;
        }
        ScimRoles scim = scimRoles.getIfAvailable();
        for (WorkspaceRef membership : workspaces.memberships(user.id())) {
            UUID workspaceId = membership.id();
            if (scim != null && scim.managesRoles(workspaceId)) {
                continue;
            }
            Optional<Role> mapped = groupRoles.roleFor(workspaceId, groups);
            if (mapped.isEmpty() || mapped.get() == membership.role()) {
                continue;
            }
            if (policy.managedElsewhere(workspaceId).isPresent()) {
                continue;
            }
            workspaces.lockForMembershipChange(workspaceId);
            Optional<Role> current =
                    workspaces.membership(workspaceId, user.id()).map(WorkspaceRef::role);
            Role role = mapped.get();
            if (current.isEmpty() || current.get() == role) {
                continue;
            }
            if (current.get() == Role.OWNER && workspaces.ownerCount(workspaceId) == 1) {
                log.info("Single sign-on: group mapping of workspace {} keeps its last Owner", workspaceId);
                continue;
            }
            workspaces.updateRole(workspaceId, user.id(), role);
            audit.record(new AuditEntry(
                    workspaceId,
                    SINGLE_SIGN_ON,
                    "core.member.role_changed",
                    AccountService.person(user.id(), user.displayName(), user.email()),
                    user.email() + ": " + current.get().label() + " to " + role.label()
                            + " (the workspace's group mapping)",
                    address()));
        }
    }

    /** "Linked to single sign-on" in each of the person's workspaces, or install-wide when they have none. */
    private void auditLinked(UserRow user, Claims claims) {
        List<WorkspaceRef> memberships = workspaces.memberships(user.id());
        String details = "Linked to " + claims.issuer() + " at the first single sign-on";
        if (memberships.isEmpty()) {
            audit.record(linked(null, user, details));
        }
        for (WorkspaceRef w : memberships) {
            audit.record(linked(w.id(), user, details));
        }
    }

    private AuditEntry linked(UUID workspaceId, UserRow user, String details) {
        return new AuditEntry(
                workspaceId,
                actor(user),
                "core.sso.linked",
                AccountService.person(user.id(), user.displayName(), user.email()),
                details,
                address());
    }

    private String address() {
        return context.sourceAddress().orElse("");
    }

    private static Actor actor(UserRow user) {
        return new Actor(Actor.Kind.USER, user.id(), user.email(), user.displayName(), false);
    }

    /** The name claim, trimmed to the column, else the address's local part. */
    static String displayName(String name, String email) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            n = email.substring(0, email.indexOf('@'));
        }
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    /** An invitation whose acceptance failed: the attempt's transaction rolls back. */
    private static final class InvitationNotAccepted extends RuntimeException {
        private final UUID invitationId;

        InvitationNotAccepted(UUID invitationId, RuntimeException cause) {
            super("invitation " + invitationId + " not accepted", cause);
            this.invitationId = invitationId;
        }
    }
}
