package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.events.WorkspaceResumed;
import dev.vlmconsole.api.events.WorkspaceSuspended;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Suspensions}: an operator (a person holding {@link Permissions#OPERATOR}, or a platform key of
 * scope {@code operator}) suspends or resumes a workspace with a reason. In one transaction, under the
 * workspace's row lock: the suspension row (V9), the entry {@value #SUSPENDED} or {@value #RESUMED} in
 * that workspace's audit log by the operator marked as such, the {@link WorkspaceSuspended} or
 * {@link WorkspaceResumed} event and the change-feed message that tells every node. See DD027.
 */
@Service
class WorkspaceSuspensionService implements Suspensions {

    static final String SUSPENDED = "core.workspace.suspended";
    static final String RESUMED = "core.workspace.resumed";

    private final ConsoleContext context;
    private final SuspensionRepository repository;
    private final ConsoleWorkspaceStatus status;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WorkspaceSuspensionService(
            ConsoleContext context,
            SuspensionRepository repository,
            ConsoleWorkspaceStatus status,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.context = context;
        this.repository = repository;
        this.status = status;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional
    public boolean suspend(UUID workspaceId, String reason) {
        Actor operator = requireOperator();
        String why = OperatorReason.require(reason);
        String name = lock(workspaceId);
        if (repository.find(workspaceId).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        repository.insert(workspaceId, why, operator, now);
        record(workspaceId, name, operator, SUSPENDED, why);
        events.publishEvent(new WorkspaceSuspended(workspaceId, why, operator, now));
        status.announce(workspaceId);
        return true;
    }

    @Override
    @Transactional
    public boolean resume(UUID workspaceId, String reason) {
        Actor operator = requireOperator();
        String why = OperatorReason.require(reason);
        String name = lock(workspaceId);
        if (repository.find(workspaceId).isEmpty()) {
            return false;
        }
        repository.delete(workspaceId);
        record(workspaceId, name, operator, RESUMED, why);
        events.publishEvent(new WorkspaceResumed(workspaceId, why, operator, clock.instant()));
        status.announce(workspaceId);
        return true;
    }

    /** The acting operator, marked as such; a platform key needs the {@code operator} scope. */
    private Actor requireOperator() {
        if (context.platformKey().isPresent()) {
            if (!context.platformKey().get().hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR)) {
                throw new PermissionDeniedException(Permissions.OPERATOR);
            }
        } else {
            context.require(Permissions.OPERATOR);
        }
        return context.actor().asOperator();
    }

    private String lock(UUID workspaceId) {
        return repository
                .lockWorkspace(workspaceId)
                .orElseThrow(() -> new NoSuchElementException("No workspace " + workspaceId + "."));
    }

    private void record(UUID workspaceId, String name, Actor operator, String action, String reason) {
        audit.record(new AuditEntry(
                workspaceId,
                operator,
                action,
                AuditTarget.workspace(workspaceId, name),
                reason,
                context.sourceAddress().orElse("")));
    }
}
