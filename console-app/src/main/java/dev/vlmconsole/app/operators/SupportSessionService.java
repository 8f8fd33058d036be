package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link SupportSessions}: an operator opens a workspace as support in one browser tab. The opening is
 * recorded ({@value #OPENED}, with the reason) in that workspace's audit log by the operator marked as
 * such, then the tab is pinned to it in {@link CurrentConsoleContext}, which from then on acts there
 * read-only (DD027). Closing records nothing: the opening says who looked, when and why.
 */
@Service
class SupportSessionService implements SupportSessions {

    static final String OPENED = "core.support.opened";

    private final CurrentConsoleContext context;
    private final WorkspaceRepository workspaces;
    private final AuditLog audit;

    SupportSessionService(CurrentConsoleContext context, WorkspaceRepository workspaces, AuditLog audit) {
        this.context = context;
        this.workspaces = workspaces;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void open(UUID workspaceId, String reason) {
        context.require(Permissions.OPERATOR);
        String why = OperatorReason.require(reason);
        String name = workspaces
                .name(workspaceId)
                .orElseThrow(() -> new NoSuchElementException("No workspace " + workspaceId + "."));
        audit.record(new AuditEntry(
                workspaceId,
                context.actor().asOperator(),
                OPENED,
                AuditTarget.workspace(workspaceId, name),
                why,
                context.sourceAddress().orElse("")));
        context.pinSupport(workspaceId);
    }

    @Override
    public void close() {
        context.unpinSupport();
    }

    @Override
    public Optional<UUID> current() {
        return context.supportWorkspaceId();
    }
}
