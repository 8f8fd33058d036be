package dev.vlmconsole.app.workspaces;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.events.WorkspaceCreated;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces: creating one, listing and switching between one's own. */
@Service
public class WorkspaceService {

    private final WorkspaceRepository workspaces;
    private final CurrentConsoleContext context;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    WorkspaceService(
            WorkspaceRepository workspaces,
            CurrentConsoleContext context,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.workspaces = workspaces;
        this.context = context;
        this.audit = audit;
        this.events = events;
    }

    /** The signed-in person's workspaces, by name: read with the acting membership, once per request (DD012). */
    public List<WorkspaceRef> mine() {
        signedInUser();
        return context.memberships();
    }

    /** Makes {@code workspaceId} the current workspace, if the person belongs to it. */
    @Transactional(readOnly = true)
    public WorkspaceRef switchTo(UUID workspaceId) {
        WorkspaceRef ref = workspaces
                .membership(workspaceId, signedInUser())
                .orElseThrow(() -> new PermissionDeniedException("workspace"));
        context.choose(ref.id());
        return ref;
    }

    /** Creates a workspace with the signed-in person as its Owner and switches to it. */
    @Transactional
    public WorkspaceRef create(String name) {
        UUID owner = signedInUser();
        String valid = Names.WORKSPACE_NAME.require(name);
        UUID id = createWithOwner(valid, owner);
        context.choose(id);
        audit.record("core.workspace.created", AuditTarget.workspace(id, valid), "");
        return new WorkspaceRef(id, valid, Role.OWNER);
    }

    /** Creates a workspace and its first Owner membership, and tells the modules. */
    @Transactional
    public UUID createWithOwner(String name, UUID ownerUserId) {
        String valid = Names.WORKSPACE_NAME.require(name);
        UUID id = workspaces.insertWorkspace(valid);
        workspaces.insertMembership(id, ownerUserId, Role.OWNER);
        events.publishEvent(new WorkspaceCreated(id, valid, ownerUserId, Instant.now()));
        return id;
    }

    private UUID signedInUser() {
        return context.user()
                .orElseThrow(() -> new PermissionDeniedException("sign-in"))
                .id();
    }
}
