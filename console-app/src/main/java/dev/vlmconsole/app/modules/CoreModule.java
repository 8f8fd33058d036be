package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.app.audit.AuditLogService;
import dev.vlmconsole.app.audit.AuditLogView;
import dev.vlmconsole.app.audit.InstallAuditLogView;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.operators.ui.OperatorWorkspacesView;
import dev.vlmconsole.app.operators.ui.OperatorsView;
import dev.vlmconsole.app.profile.ProfileView;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.SsoAuditTargets;
import dev.vlmconsole.app.sso.ui.DomainClaimsView;
import dev.vlmconsole.app.sso.ui.SingleSignOnView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's own descriptor: its tables, the permissions of the shell pages, and those pages,
 * declared like any module's: registered as routes inside the layout, guarded by their permission
 * and listed in the side navigation by {@code ModuleRoutes} and {@code MainLayout}, which name no page.
 */
public final class CoreModule implements ConsoleModule {

    public static final String ID = "core";
    /** Path of the home page, the dashboard; the side navigation always starts with it. */
    public static final String HOME_PATH = "";
    /** Read and export the workspace's audit log. */
    public static final String AUDIT_READ = "core.audit.read";
    /** Add, remove and change the role of members (see {@link Memberships}). */
    public static final String MEMBERS_MANAGE = Memberships.MANAGE;
    /** Make, change and remove Owners. */
    public static final String MEMBERS_OWNERS = Memberships.MANAGE_OWNERS;
    /** Read the workspace's single sign-on settings: its email domains and group mapping (DD035). */
    public static final String SSO_READ = "core.sso.read";
    /** Change them (Owners): {@link DomainClaims#SETTINGS}. */
    public static final String SSO_SETTINGS = DomainClaims.SETTINGS;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Console";
    }

    /**
     * After the modules' pages in the side navigation: the dashboard leads it anyway (it is the home
     * page), and the audit log and profile close it. Core's migrations run first whatever its order.
     */
    @Override
    public int order() {
        return 1000;
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
                Permission.builder(AUDIT_READ)
                        .description("Read and export the audit log")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(MEMBERS_MANAGE)
                        .description("Add and remove members and change their roles")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(MEMBERS_OWNERS)
                        .description("Make, change and remove Owners")
                        .grantedTo(Role.OWNER)
                        .build(),
                Permission.builder(SSO_READ)
                        .description("See the workspace's single sign-on settings")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build(),
                Permission.builder(SSO_SETTINGS)
                        .description("Claim email domains and map identity-provider groups to roles")
                        .grantedTo(Role.OWNER)
                        .build());
    }

    /**
     * Admin keys manage members as far as their owner's role allows (the Team API) and check the
     * audit log's integrity ({@code GET /api/v1/audit/verify}).
     */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(MEMBERS_MANAGE, MEMBERS_OWNERS, AUDIT_READ));
    }

    /**
     * The dashboard and the profile are open to every signed-in person, in a workspace or not (the
     * dashboard says so when they have none); the audit log needs {@link #AUDIT_READ}; the operators'
     * Workspaces, Operators and Domain claims pages need {@link Permissions#OPERATOR} and no workspace; the
     * workspace's Single sign-on page needs {@link #SSO_READ}.
     */
    @Override
    public List<NavigationEntry> navigation() {
        return List.of(
                NavigationEntry.builder(HOME_PATH, DashboardView.class)
                        .title("Dashboard")
                        .icon("vaadin:dashboard")
                        .requires(Permissions.SIGNED_IN)
                        .order(0)
                        .build(),
                NavigationEntry.builder("audit", AuditLogView.class)
                        .title("Audit log")
                        .icon("vaadin:clipboard-text")
                        .requires(AUDIT_READ)
                        .order(10)
                        .build(),
                NavigationEntry.builder(SingleSignOnView.PATH, SingleSignOnView.class)
                        .title("Single sign-on")
                        .icon("vaadin:key-o")
                        .requires(SSO_READ)
                        .order(5)
                        .build(),
                NavigationEntry.builder(DomainClaimsView.PATH, DomainClaimsView.class)
                        .title("Domain claims")
                        .icon("vaadin:at")
                        .requires(Permissions.OPERATOR)
                        .order(830)
                        .build(),
                NavigationEntry.builder(InstallAuditLogView.PATH, InstallAuditLogView.class)
                        .title("Audit log (install)")
                        .icon("vaadin:clipboard-check")
                        .requires(Permissions.OPERATOR)
                        .order(950)
                        .build(),
                NavigationEntry.builder("profile", ProfileView.class)
                        .title("Profile")
                        .icon("vaadin:user")
                        .requires(Permissions.SIGNED_IN)
                        .order(20)
                        .build(),
                NavigationEntry.builder(OperatorWorkspacesView.PATH, OperatorWorkspacesView.class)
                        .title("Workspaces")
                        .icon("vaadin:office")
                        .requires(Permissions.OPERATOR)
                        .order(800)
                        .build(),
                NavigationEntry.builder(OperatorsView.PATH, OperatorsView.class)
                        .title("Operators")
                        .icon("vaadin:headset")
                        .requires(Permissions.OPERATOR)
                        .order(810)
                        .build());
    }

    /** The targets the shell writes about, and 1.0 target strings of no known shape. */
    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of(
                AuditTarget.USER,
                "Member",
                AuditTarget.WORKSPACE,
                "Workspace",
                AuditTarget.OTHER,
                "Other",
                AuditLogService.ERASED_PERSON,
                "Erased person",
                SsoAuditTargets.EMAIL_DOMAIN,
                "Email domain",
                SsoAuditTargets.GROUP,
                "Identity-provider group");
    }
}
