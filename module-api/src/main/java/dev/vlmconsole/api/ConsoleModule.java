package dev.vlmconsole.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The descriptor a module contributes as a Spring bean from its auto-configuration.
 *
 * <p>The console collects every descriptor at start-up: it runs each module's Flyway migrations
 * (core first, then modules in dependency order, each with its own history table
 * {@code flyway_schema_history_<id>}), registers its navigation entries as routes inside the
 * console layout, grants its permissions to roles, and shows its dashboard cards.
 */
public interface ConsoleModule {

    /**
     * Stable identifier: lower case letters, digits and underscores, starting with a letter.
     * It names the module's migration history table, so never change it once released.
     */
    String id();

    /** Human-readable name shown to administrators. */
    String name();

    /** Position among modules in the navigation and the migration order (lower first). */
    default int order() {
        return 100;
    }

    /** Ids of modules whose migrations must run before this module's. */
    default List<String> dependsOn() {
        return List.of();
    }

    /**
     * Flyway location of this module's SQL migrations, such as
     * {@code classpath:db/migration/keys}; empty when the module owns no tables. The scripts must
     * run on both H2 and PostgreSQL.
     */
    default Optional<String> migrationLocation() {
        return Optional.empty();
    }

    /** Permissions this module defines, with the roles that hold them. */
    default List<Permission> permissions() {
        return List.of();
    }

    /**
     * Which of this module's permissions an API key may use on the machine API, by key scope
     * ({@code inference}, {@code admin}; see {@code ApiKeyPrincipal}). Scopes are allow-lists: a key
     * holds a permission only when a module lists it here for one of the key's scopes <em>and</em>
     * the key's owner holds it through their current role. A scope no module lists (such as
     * {@code inference}, which may only ask {@code GET /api/v1/me} who it is) holds no permission.
     * Only permissions this module defines may be listed.
     */
    default Map<String, Set<String>> keyScopePermissions() {
        return Map.of();
    }

    /** Pages this module adds to the side navigation. */
    default List<NavigationEntry> navigation() {
        return List.of();
    }

    /**
     * Machine-API paths (Ant patterns such as {@code /api/v1/keys/verify}) that answer without an
     * API key. Everything else under {@code /api/**} requires {@code Authorization: Bearer <key>}.
     */
    default List<String> publicApiPaths() {
        return List.of();
    }

    /** Cards this module adds to the dashboard home. */
    default List<DashboardCard> dashboardCards() {
        return List.of();
    }

    /**
     * Readable names of the {@link AuditTarget} types this module writes, by type, such as
     * {@code "webhooks.endpoint" -> "Webhook endpoint"}: the audit log page filters and labels by
     * them. A type nobody names is shown as the type itself. Name only your own types.
     *
     * @since 1.1
     */
    default Map<String, String> auditTargetTypes() {
        return Map.of();
    }

    /**
     * Which of this module's permissions only read: those that a member of a <em>suspended</em>
     * workspace keeps, and that an operator's support session holds (see
     * {@link ConsoleContext#isSupportSession()}). Every other permission of the module is refused
     * while its workspace is suspended (with a {@link WorkspaceSuspendedException}). By default, the
     * permissions whose key's last part is {@code read} or starts with {@code read_} (such as
     * {@code keys.read}, {@code keys.read_all}); override it when a module names them otherwise.
     * Only permissions this module defines may be listed.
     *
     * @since 1.4
     */
    default Set<String> readOnlyPermissions() {
        Set<String> read = new LinkedHashSet<>();
        for (Permission p : permissions()) {
            String last = p.key().substring(p.key().lastIndexOf('.') + 1);
            if (last.equals("read") || last.startsWith("read_")) {
                read.add(p.key());
            }
        }
        return Set.copyOf(read);
    }

    /**
     * Sections this module adds to an operator's page of one workspace (Operators → Workspaces →
     * a workspace), such as the billing module's credit adjustments. Only operators see that page.
     *
     * @since 1.4
     */
    default List<OperatorSection> operatorSections() {
        return List.of();
    }
}
