package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.Memberships;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The console's own descriptor: its tables and the permissions of the shell pages. */
public final class CoreModule implements ConsoleModule {

    public static final String ID = "core";
    /** Read and export the workspace's audit log. */
    public static final String AUDIT_READ = "core.audit.read";
    /** See the dashboard and the workspace's basic information. */
    public static final String WORKSPACE_READ = "core.workspace.read";
    /** Add, remove and change the role of members (see {@link Memberships}). */
    public static final String MEMBERS_MANAGE = Memberships.MANAGE;
    /** Make, change and remove Owners. */
    public static final String MEMBERS_OWNERS = Memberships.MANAGE_OWNERS;

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
                new Permission(WORKSPACE_READ, "See the workspace dashboard", EnumSet.allOf(Role.class)),
                new Permission(MEMBERS_MANAGE, "Add and remove members and change their roles", EnumSet.of(Role.OWNER, Role.ADMIN)),
                new Permission(MEMBERS_OWNERS, "Make, change and remove Owners", EnumSet.of(Role.OWNER)));
    }

    /** Admin keys manage members as far as their owner's role allows (the Team API). */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(MEMBERS_MANAGE, MEMBERS_OWNERS));
    }
}
