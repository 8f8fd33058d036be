package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A module of the tests: one table that references {@code workspaces}, two permissions, one for keys. */
class ProbeModule implements ConsoleModule {

    static final String READ = "probe.read";
    static final String WRITE = "probe.write";

    @Override
    public String id() {
        return "probe";
    }

    @Override
    public String name() {
        return "Probe";
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/probe");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                new Permission(READ, "Read notes", EnumSet.of(Role.OWNER, Role.ADMIN, Role.VIEWER)),
                new Permission(WRITE, "Write notes", EnumSet.of(Role.OWNER, Role.ADMIN)));
    }

    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(READ));
    }
}
