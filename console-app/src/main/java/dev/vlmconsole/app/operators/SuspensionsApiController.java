package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.services.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Suspending and resuming a workspace over the machine API: {@code POST
 * /api/v1/operator/workspaces/{id}/suspend} and {@code .../resume} with {@code {"reason"}}, for platform
 * keys of scope {@code operator} only (a workspace's keys, a platform key without the scope: 403). A
 * missing reason is a 400 naming {@code reason}, an unknown workspace a 404. Both answer the
 * workspace's status after the call, and whether the call changed it (a repeated call changes nothing).
 */
@RestController
@RequestMapping(path = "/api/v1/operator/workspaces", produces = "application/json")
class SuspensionsApiController {

    private final Suspensions suspensions;
    private final WorkspaceStatus status;
    private final ConsoleContext context;

    SuspensionsApiController(Suspensions suspensions, WorkspaceStatus status, ConsoleContext context) {
        this.suspensions = suspensions;
        this.status = status;
        this.context = context;
    }

    /** The body of both calls. */
    record ReasonRequest(String reason) {}

    /**
     * A workspace's status.
     *
     * @param workspaceId the workspace
     * @param suspended   whether it is suspended now
     * @param reason      the suspension's reason (null when not suspended)
     * @param since       when it was suspended (null when not suspended)
     * @param changed     whether this call changed it
     */
    record StatusView(UUID workspaceId, boolean suspended, String reason, Instant since, boolean changed) {}

    @PostMapping(path = "/{id}/suspend")
    StatusView suspend(@PathVariable UUID id, @RequestBody(required = false) ReasonRequest body) {
        requireOperatorKey();
        boolean changed = suspensions.suspend(id, body == null ? null : body.reason());
        return view(id, changed);
    }

    @PostMapping(path = "/{id}/resume")
    StatusView resume(@PathVariable UUID id, @RequestBody(required = false) ReasonRequest body) {
        requireOperatorKey();
        boolean changed = suspensions.resume(id, body == null ? null : body.reason());
        return view(id, changed);
    }

    private StatusView view(UUID id, boolean changed) {
        Optional<WorkspaceStatus.Suspension> now = status.suspension(id);
        return new StatusView(
                id,
                now.isPresent(),
                now.map(WorkspaceStatus.Suspension::reason).orElse(null),
                now.map(WorkspaceStatus.Suspension::since).orElse(null),
                changed);
    }

    /** Operators act over the API with a platform key of scope {@code operator}, never a workspace's key. */
    private void requireOperatorKey() {
        if (context.platformKey()
                .filter(k -> k.hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR))
                .isEmpty()) {
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
    }
}
