package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.operators.OperatorReason;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link DomainClaims} on the {@code domain_claims} table (V11): Owners ask ({@link DomainClaims#SETTINGS}),
 * Owners and Admins read ({@link CoreModule#SSO_READ}), operators decide with a reason, recorded in the
 * claiming workspace's audit log as an operator action. One claim per domain across the install: checked
 * first for a plain answer, and held by the unique index when two Owners ask at the same moment. See DD035.
 */
@Service
class ConsoleDomainClaims implements DomainClaims {

    static final String TARGET_TYPE = SsoAuditTargets.EMAIL_DOMAIN;
    static final String REQUESTED = "core.sso.domain_requested";
    static final String ROLE_CHANGED = "core.sso.domain_role_changed";
    static final String WITHDRAWN = "core.sso.domain_withdrawn";
    static final String APPROVED = "core.sso.domain_approved";
    static final String REJECTED = "core.sso.domain_rejected";
    static final String REVOKED = "core.sso.domain_revoked";

    /** Input name of the default role in {@link InvalidInputException#fieldErrors()}. */
    static final String DEFAULT_ROLE = "defaultRole";

    private final ConsoleContext context;
    private final DomainClaimRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    ConsoleDomainClaims(ConsoleContext context, DomainClaimRepository repository, AuditLog audit, Clock clock) {
        this.context = context;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Claim request(String domain, Role defaultRole) {
        context.require(SETTINGS);
        UUID workspaceId = context.workspaceId();
        String name = EmailDomains.require(domain);
        requireDefaultRole(defaultRole);
        Optional<Claim> taken = repository.findByDomain(name);
        if (taken.isPresent()) {
            throw claimedAlready(name, taken.get().workspaceId().equals(workspaceId));
        }
        Actor actor = context.actor();
        UUID id = UUID.randomUUID();
        try {
            repository.insert(id, workspaceId, name, defaultRole, actor, clock.instant());
        } catch (IntegrityConstraintViolationException | DataIntegrityViolationException raced) {
            // another workspace asked for it between the check and the insert: the unique index decides
            throw claimedAlready(name, false);
        }
        record(workspaceId, actor, REQUESTED, id, name, "New people would join as " + defaultRole.label() + ".");
        return repository.find(id).orElseThrow();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Claim> ofCurrentWorkspace() {
        context.require(CoreModule.SSO_READ);
        return repository.ofWorkspace(context.workspaceId());
    }

    @Override
    @Transactional
    public Claim changeDefaultRole(UUID claimId, Role defaultRole) {
        context.require(SETTINGS);
        requireDefaultRole(defaultRole);
        Claim claim = lockOwn(claimId);
        if (claim.defaultRole() == defaultRole) {
            return claim;
        }
        repository.changeRole(claimId, defaultRole);
        record(
                claim.workspaceId(),
                context.actor(),
                ROLE_CHANGED,
                claimId,
                claim.domain(),
                "From " + claim.defaultRole().label() + " to " + defaultRole.label() + ".");
        return repository.find(claimId).orElseThrow();
    }

    @Override
    @Transactional
    public void withdraw(UUID claimId) {
        context.require(SETTINGS);
        Claim claim = lockOwn(claimId);
        repository.delete(claimId);
        record(
                claim.workspaceId(),
                context.actor(),
                WITHDRAWN,
                claimId,
                claim.domain(),
                claim.status() == Status.APPROVED ? "It was approved." : "It was pending approval.");
    }

    @Override
    @Transactional(readOnly = true)
    public List<Claim> pending() {
        context.require(Permissions.OPERATOR);
        return repository.pending();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Claim> approved() {
        context.require(Permissions.OPERATOR);
        return repository.approved();
    }

    @Override
    @Transactional
    public Claim approve(UUID claimId, String reason) {
        Actor operator = requireOperator();
        String why = OperatorReason.require(reason);
        Claim claim = lockAny(claimId);
        if (claim.status() != Status.PENDING) {
            throw new IllegalStateException("the claim of " + claim.domain() + " is approved already.");
        }
        repository.approve(claimId, operator, clock.instant());
        record(
                claim.workspaceId(),
                operator,
                APPROVED,
                claimId,
                claim.domain(),
                "New people join as " + claim.defaultRole().label() + ". Reason: " + why);
        return repository.find(claimId).orElseThrow();
    }

    @Override
    @Transactional
    public void reject(UUID claimId, String reason) {
        Actor operator = requireOperator();
        String why = OperatorReason.require(reason);
        Claim claim = lockAny(claimId);
        repository.delete(claimId);
        record(
                claim.workspaceId(),
                operator,
                claim.status() == Status.APPROVED ? REVOKED : REJECTED,
                claimId,
                claim.domain(),
                "Reason: " + why);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Claim> approvedFor(String email) {
        return EmailDomains.of(email).flatMap(repository::findByDomain).filter(c -> c.status() == Status.APPROVED);
    }

    private Actor requireOperator() {
        context.require(Permissions.OPERATOR);
        return context.actor().asOperator();
    }

    /** A claim of the current workspace, locked; another workspace's answers like an unknown one. */
    private Claim lockOwn(UUID claimId) {
        UUID workspaceId = context.workspaceId();
        return repository
                .lock(claimId)
                .filter(c -> c.workspaceId().equals(workspaceId))
                .orElseThrow(() -> new NoSuchElementException("this domain claim no longer exists."));
    }

    private Claim lockAny(UUID claimId) {
        return repository
                .lock(claimId)
                .orElseThrow(() -> new NoSuchElementException("this domain claim no longer exists."));
    }

    private static void requireDefaultRole(Role role) {
        if (role == null) {
            throw InvalidInputException.of(DEFAULT_ROLE, "Choose the role new people get.");
        }
        if (role == Role.OWNER) {
            throw InvalidInputException.of(
                    DEFAULT_ROLE, "New people cannot join as Owners: choose Admin or a lesser role.");
        }
    }

    private static InvalidInputException claimedAlready(String domain, boolean byThisWorkspace) {
        return InvalidInputException.of(
                DOMAIN,
                byThisWorkspace
                        ? "This workspace has claimed " + EmailDomains.display(domain) + " already."
                        : EmailDomains.display(domain) + " is claimed by another workspace of this console. "
                                + "Ask the people who run the console if it should be yours.");
    }

    private void record(UUID workspaceId, Actor actor, String action, UUID claimId, String domain, String details) {
        audit.record(new AuditEntry(
                workspaceId,
                actor,
                action,
                AuditTarget.of(TARGET_TYPE, claimId, EmailDomains.display(domain)),
                details,
                context.sourceAddress().orElse("")));
    }
}
