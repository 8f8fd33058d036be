package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Memberships;
import java.util.List;

/**
 * The console's membership permissions, as its core descriptor grants them, for the fake acting
 * context of the Team pages' tests (the pages ask {@link Memberships#MANAGE_OWNERS} to offer Owner
 * changes).
 */
final class CorePermissions implements ConsoleModule {

    @Override
    public String id() {
        return "core";
    }

    @Override
    public String name() {
        return "Console";
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(Memberships.MANAGE)
                        .description("Add and remove members and change their roles")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(Memberships.MANAGE_OWNERS)
                        .description("Make, change and remove Owners")
                        .grantedTo(Role.OWNER)
                        .build());
    }
}
