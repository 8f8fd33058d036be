package dev.vlmconsole.keys;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import java.util.EnumSet;
import java.util.List;

/** Descriptor of the API keys module: its permissions (its pages and tables arrive with their features). */
public final class KeysModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "keys";
    /** See the key list and usage. */
    public static final String READ = "keys.read";
    /** Manage one's own keys. */
    public static final String MANAGE_OWN = "keys.manage_own";
    /** Manage everyone's keys. */
    public static final String MANAGE_ALL = "keys.manage_all";
    /** Create admin-scope keys. */
    public static final String ADMIN_SCOPE = "keys.admin_scope";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "API keys";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                new Permission(READ, "See the workspace's API keys and their usage", EnumSet.of(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)),
                new Permission(MANAGE_OWN, "Create, roll and revoke one's own keys", EnumSet.of(Role.OWNER, Role.ADMIN, Role.MEMBER)),
                new Permission(MANAGE_ALL, "Manage every key of the workspace", EnumSet.of(Role.OWNER, Role.ADMIN)),
                new Permission(ADMIN_SCOPE, "Create keys with the admin scope", EnumSet.of(Role.OWNER, Role.ADMIN)));
    }
}
