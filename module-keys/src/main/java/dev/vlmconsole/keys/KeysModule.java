package dev.vlmconsole.keys;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.keys.api.ForwardAuthController;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import dev.vlmconsole.keys.ui.KeysCard;
import dev.vlmconsole.keys.ui.KeysView;
import dev.vlmconsole.keys.ui.PlatformKeysView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Descriptor of the API keys module: its tables, permissions, Keys page, the operators' Platform keys
 * page, dashboard card and public API paths (verification and forward-auth).
 */
public final class KeysModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "keys";
    /** See the key list and usage (one's own keys only, without {@link #READ_ALL}). */
    public static final String READ = "keys.read";
    /** See every key of the workspace. */
    public static final String READ_ALL = "keys.read_all";
    /** Manage one's own keys. */
    public static final String MANAGE_OWN = "keys.manage_own";
    /** Manage everyone's keys. */
    public static final String MANAGE_ALL = "keys.manage_all";
    /** Create admin-scope keys. */
    public static final String ADMIN_SCOPE = "keys.admin_scope";
    /**
     * Create, change and revoke service keys, owned by the workspace rather than by a member (the SCIM
     * key, admin keys for automation): Owners only, and never a service key itself (DD037).
     */
    public static final String SERVICE_KEYS = "keys.service_keys";

    private final Supplier<KeyService> keys;

    /** @param keys the key service, looked up when the dashboard card is drawn */
    public KeysModule(Supplier<KeyService> keys) {
        this.keys = keys;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/keys");
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(
                NavigationEntry.builder("keys", KeysView.class)
                        .title("API keys")
                        .icon("vaadin:key")
                        .requires(READ)
                        .order(10)
                        .build(),
                NavigationEntry.builder(PlatformKeysView.PATH, PlatformKeysView.class)
                        .title("Platform keys")
                        .icon("vaadin:server")
                        .requires(Permissions.OPERATOR)
                        .order(900)
                        .build());
    }

    @Override
    public List<String> publicApiPaths() {
        // forward-auth: the key is the subject, as in verification; Envoy appends the client's path (DD030)
        return List.of("/api/v1/keys/verify", ForwardAuthController.PATH + "/**");
    }

    @Override
    public List<DashboardCard> dashboardCards() {
        return List.of(DashboardCard.builder("keys.summary", context -> new KeysCard(keys.get()))
                .title("API keys")
                .requires(READ)
                .order(10)
                .build());
    }

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

    /**
     * Admin keys manage keys as their owner's role allows; inference keys manage nothing, and neither do
     * SCIM keys, which call SCIM only (DD037).
     */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(
                ApiKeyPrincipal.SCOPE_ADMIN, Set.of(READ, READ_ALL, MANAGE_OWN, MANAGE_ALL, ADMIN_SCOPE, SERVICE_KEYS));
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(READ)
                        .description("See API keys and their usage")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)
                        .build(),
                Permission.builder(READ_ALL)
                        .description("See every key of the workspace, not only one's own")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.VIEWER)
                        .build(),
                Permission.builder(MANAGE_OWN)
                        .description("Create, roll and revoke one's own keys")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.MEMBER)
                        .build(),
                Permission.builder(MANAGE_ALL)
                        .description("Manage every key of the workspace")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(ADMIN_SCOPE)
                        .description("Create keys with the admin scope")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(SERVICE_KEYS)
                        .description("Create and revoke the workspace's service keys (SCIM, automation)")
                        .grantedTo(Role.OWNER)
                        .build());
    }

    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of(AuditTarget.API_KEY, "API key", PlatformKeyService.AUDIT_TARGET, "Platform key");
    }
}
