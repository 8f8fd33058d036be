package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Search;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Sort;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceDetail;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' list of workspaces on the machine API, for a platform key of scope {@code operator}
 * (workspace keys and platform keys of other scopes: 403; no key: 401):
 * {@code GET /api/v1/operator/workspaces?q=&offset=&limit=} answers
 * {@code {"workspaces": [{"id", "name", "plan", "members", "creditsAvailable", "creditsUsedThisCycle",
 * "lastActivityAt", "suspended"}], "total"}}, by name; {@code q} reads as on the Workspaces page (a part of
 * a name or of a member's email, or a key prefix such as {@code vlm_live_AbCd}). {@code plan} and the
 * credits are null without a billing module (or for a workspace without an account).
 * {@code GET /api/v1/operator/workspaces/{id}} answers one workspace with its members and suspension.
 */
@RestController
@RequestMapping(path = "/api/v1/operator/workspaces", produces = "application/json")
public class OperatorWorkspacesApiController {

    static final int DEFAULT_LIMIT = 50;

    private final OperatorWorkspaces workspaces;
    private final ConsoleContext context;

    public OperatorWorkspacesApiController(OperatorWorkspaces workspaces, ConsoleContext context) {
        this.workspaces = workspaces;
        this.context = context;
    }

    /** One workspace of the list. */
    public record WorkspaceJson(
            UUID id,
            String name,
            @Nullable String plan,
            int members,
            @Nullable BigDecimal creditsAvailable,
            @Nullable BigDecimal creditsUsedThisCycle,
            @Nullable Instant lastActivityAt,
            boolean suspended) {

        static WorkspaceJson of(WorkspaceSummary w) {
            var a = w.account();
            return new WorkspaceJson(
                    w.id(),
                    w.name(),
                    a == null ? null : a.planId(),
                    w.members(),
                    a == null ? null : a.creditsAvailable(),
                    a == null ? null : a.creditsUsedThisCycle(),
                    w.lastActivityAt(),
                    w.suspended());
        }
    }

    /** A page of the list and how many workspaces match in all. */
    public record WorkspacePage(List<WorkspaceJson> workspaces, int total) {}

    /** One member, in a workspace's detail. */
    public record MemberJson(
            UUID id,
            String name,
            String email,
            Role role,
            @Nullable Instant lastActiveAt) {}

    /** One workspace with its members, keys count and suspension. */
    public record WorkspaceDetailJson(
            UUID id,
            String name,
            Instant createdAt,
            @Nullable String plan,
            @Nullable BigDecimal creditsAvailable,
            @Nullable BigDecimal creditsUsedThisCycle,
            @Nullable Instant lastActivityAt,
            boolean suspended,
            @Nullable String suspendedReason,
            @Nullable Instant suspendedSince,
            @Nullable Integer keys,
            List<MemberJson> members) {}

    @GetMapping
    public WorkspacePage list(
            @RequestParam(name = "q", required = false) @Nullable String q,
            @RequestParam(name = "offset", required = false) @Nullable Integer offset,
            @RequestParam(name = "limit", required = false) @Nullable Integer limit) {
        requireOperatorKey();
        int from = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (from < 0) {
            invalid.add("offset", "offset is 0 or more.");
        }
        if (size < 1 || size > OperatorWorkspaces.MAX_PAGE) {
            invalid.add("limit", "limit is 1 to " + OperatorWorkspaces.MAX_PAGE + ".");
        }
        invalid.throwIfAny();
        Search search = Search.of(q);
        List<WorkspaceJson> page = workspaces.list(search, Sort.NAME, false, from, size).stream()
                .map(WorkspaceJson::of)
                .toList();
        return new WorkspacePage(page, workspaces.count(search));
    }

    @GetMapping("/{id}")
    public WorkspaceDetailJson detail(@PathVariable("id") String id) {
        requireOperatorKey();
        UUID workspaceId;
        try {
            workspaceId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("No such workspace.");
        }
        WorkspaceDetail d =
                workspaces.detail(workspaceId).orElseThrow(() -> new NoSuchElementException("No such workspace."));
        WorkspaceSummary w = d.summary();
        var a = w.account();
        return new WorkspaceDetailJson(
                w.id(),
                w.name(),
                w.createdAt(),
                a == null ? null : a.planId(),
                a == null ? null : a.creditsAvailable(),
                a == null ? null : a.creditsUsedThisCycle(),
                w.lastActivityAt(),
                w.suspended(),
                d.suspension().map(s -> s.reason()).orElse(null),
                d.suspension().map(s -> s.since()).orElse(null),
                d.keys(),
                d.members().stream()
                        .map(m -> new MemberJson(m.userId(), m.displayName(), m.email(), m.role(), m.lastActiveAt()))
                        .toList());
    }

    /** Only a platform key of scope operator: not a person (this API has no sessions), not a workspace key. */
    private void requireOperatorKey() {
        boolean allowed = context.platformKey()
                .map(k -> k.hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR))
                .orElse(false);
        if (!allowed) {
            throw new PermissionDeniedException(PlatformKeyPrincipal.SCOPE_OPERATOR);
        }
    }
}
