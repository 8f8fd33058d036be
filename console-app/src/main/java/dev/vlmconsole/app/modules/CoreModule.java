package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's own descriptor: its tables and the permissions of the shell pages. */
public final class CoreModule implements ConsoleModule {

    public static final String ID = "core";
    /** Read and export the workspace's audit log. */
    public static final String AUDIT_READ = "core.audit.read";
    /** See the dashboard and the workspace's basic information. */
    public static final String WORKSPACE_READ = "core.workspace.read";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Console";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/core");
    }

    /** {@code GET /api/v1/ping} answers without a key: a liveness probe for gateways. */
    @Override
    public List<String> publicApiPaths() {
        return List.of("/api/v1/ping");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                new Permission(AUDIT_READ, "Read and export the audit log", EnumSet.of(Role.OWNER, Role.ADMIN)),
                new Permission(WORKSPACE_READ, "See the workspace dashboard", EnumSet.allOf(Role.class)));
    }

    /** The targets the shell writes about, and 1.0 target strings of no known shape. */
    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of(AuditTarget.USER, "Member", AuditTarget.WORKSPACE, "Workspace", AuditTarget.OTHER, "Other");
    }
}
