package dev.vlmconsole.team;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Descriptor of the Team module: its permissions (its pages and tables arrive with their features). */
public final class TeamModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "team";
    /** See members and invitations. */
    public static final String READ = "team.read";
    /** Invite and remove members, change roles. */
    public static final String MANAGE = "team.manage";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Team";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/team");
    }

    /** Admin keys read and manage members and invitations as far as their owner's role allows. */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(READ, MANAGE));
    }

    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of("team.invitation", "Invitation", "team.settings", "Team settings");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(READ)
                        .description("See members and invitations")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)
                        .build(),
                Permission.builder(MANAGE)
                        .description("Invite, remove members and change roles")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build());
    }
}
