package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.keys.KeysModule;
import dev.vlmconsole.team.TeamModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What an API key may do is its scope's allow-list, capped by its owner's current role: every
 * permission any installed module defines, for every role and scope.
 */
class KeyPermissionsTest extends ConsoleTest {

    /**
     * The allow-list of admin keys: the management permissions of keys, members, team and billing, and reading
     * the audit log (for {@code GET /api/v1/audit/verify}, DD026), nothing else.
     */
    private static final Set<String> ADMIN_SCOPE = Set.of(
            KeysModule.READ,
            KeysModule.READ_ALL,
            KeysModule.MANAGE_OWN,
            KeysModule.MANAGE_ALL,
            KeysModule.ADMIN_SCOPE,
            KeysModule.SERVICE_KEYS,
            CoreModule.MEMBERS_MANAGE,
            CoreModule.MEMBERS_OWNERS,
            TeamModule.READ,
            TeamModule.MANAGE,
            BillingModule.READ,
            BillingModule.MANAGE,
            CoreModule.AUDIT_READ);

    @Autowired
    ConsoleContext context;

    @Autowired
    ModuleRegistry registry;

    @Test
    void a_key_holds_what_its_scope_allows_and_its_owners_role_holds_and_nothing_else() {
        Workspace w = newWorkspace();
        List<String> wrong = new ArrayList<>();
        for (Role role : Role.values()) {
            TestUser owner = newMember(w, role);
            for (String scope : List.of(ApiKeyPrincipal.SCOPE_INFERENCE, ApiKeyPrincipal.SCOPE_ADMIN)) {
                actAs(new ApiKeyPrincipal(UUID.randomUUID(), w.id(), owner.id(), "k", Set.of(scope)));
                for (Permission p : permissions()) {
                    boolean expected = scope.equals(ApiKeyPrincipal.SCOPE_ADMIN)
                            && ADMIN_SCOPE.contains(p.key())
                            && p.isGrantedTo(role);
                    if (context.can(p.key()) != expected) {
                        wrong.add(scope + " key of a " + role + ": " + p.key() + " should be " + expected);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(permissions())
                .as("billing and team permissions are in the matrix")
                .extracting(Permission::key)
                .contains("billing.manage", "team.manage", "core.audit.read");
    }

    /** What a {@code scim} key may use: provisioning members, Owners included, and nothing else (DD036). */
    private static final Set<String> SCIM_SCOPE =
            Set.of(CoreModule.MEMBERS_MANAGE, CoreModule.MEMBERS_OWNERS, CoreModule.SCIM);

    @Test
    void a_service_key_holds_what_its_scope_allows_an_owner_and_nothing_else() {
        Workspace w = newWorkspace();
        List<String> wrong = new ArrayList<>();
        for (String scope :
                List.of(ApiKeyPrincipal.SCOPE_INFERENCE, ApiKeyPrincipal.SCOPE_ADMIN, ApiKeyPrincipal.SCOPE_SCIM)) {
            actAs(new ApiKeyPrincipal(UUID.randomUUID(), w.id(), null, "service", Set.of(scope)));
            Set<String> allowed = switch (scope) {
                case ApiKeyPrincipal.SCOPE_ADMIN -> ADMIN_SCOPE;
                case ApiKeyPrincipal.SCOPE_SCIM -> SCIM_SCOPE;
                default -> Set.of();
            };
            for (Permission p : permissions()) {
                boolean expected = allowed.contains(p.key()) && p.isGrantedTo(Role.OWNER);
                if (context.can(p.key()) != expected) {
                    wrong.add(scope + " service key: " + p.key() + " should be " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void a_key_whose_owner_left_the_workspace_holds_nothing() {
        Workspace w = newWorkspace();
        actAs(new ApiKeyPrincipal(UUID.randomUUID(), w.id(), newUser().id(), "k", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));

        assertThat(permissions()).noneMatch(p -> context.can(p.key()));
    }

    @Test
    void a_module_may_open_only_its_own_permissions_to_a_scope() {
        ConsoleModule greedy = new ConsoleModule() {
            @Override
            public String id() {
                return "greedy";
            }

            @Override
            public String name() {
                return "Greedy";
            }

            @Override
            public Map<String, Set<String>> keyScopePermissions() {
                return Map.of(ApiKeyPrincipal.SCOPE_INFERENCE, Set.of("billing.manage"));
            }
        };

        assertThatThrownBy(() -> new ModuleRegistry(List.of(greedy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("billing.manage");
    }

    @Test
    void a_key_does_not_hold_what_every_signed_in_person_holds() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        actAs(new ApiKeyPrincipal(UUID.randomUUID(), w.id(), owner.id(), "k", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));

        assertThat(context.workspace()).isPresent();
        assertThat(context.can(Permissions.SIGNED_IN)).isFalse();
    }

    @Test
    void no_module_may_define_the_signed_in_permission() {
        ConsoleModule squatter = new ConsoleModule() {
            @Override
            public String id() {
                return "squatter";
            }

            @Override
            public String name() {
                return "Squatter";
            }

            @Override
            public List<Permission> permissions() {
                return List.of(new Permission(Permissions.SIGNED_IN, "Everyone", Set.of(Role.OWNER)));
            }
        };

        assertThatThrownBy(() -> new ModuleRegistry(List.of(squatter)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Permissions.SIGNED_IN);
    }

    /** Every permission any installed module defines. */
    private List<Permission> permissions() {
        return registry.modules().stream()
                .flatMap(m -> m.permissions().stream())
                .toList();
    }

    private static void actAs(ApiKeyPrincipal key) {
        var security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new ApiKeyAuthentication(key));
        SecurityContextHolder.setContext(security);
    }
}
