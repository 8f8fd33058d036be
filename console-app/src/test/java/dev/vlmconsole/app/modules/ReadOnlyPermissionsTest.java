package dev.vlmconsole.app.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The read-only permissions the registry collects (what a suspended workspace's members keep and a
 * support session holds, DD027): each module's own, by default those named {@code read} or
 * {@code read_*}, the console's audit log included; a module may list only permissions it defines.
 */
class ReadOnlyPermissionsTest {

    @Test
    void by_default_a_modules_read_permissions_are_read_only_and_the_audit_log_too() {
        ModuleRegistry registry = new ModuleRegistry(List.of(new CoreModule(), module("reports", Set.of())));

        assertThat(registry.isReadOnly("reports.read")).isTrue();
        assertThat(registry.isReadOnly("reports.read_all")).isTrue();
        assertThat(registry.isReadOnly("reports.manage")).isFalse();
        assertThat(registry.isReadOnly(CoreModule.AUDIT_READ)).isTrue();
        assertThat(registry.isReadOnly(CoreModule.MEMBERS_MANAGE)).isFalse();
        assertThat(registry.isReadOnly("nobody.defines_this")).isFalse();
    }

    @Test
    void a_module_names_its_own_read_only_permissions_when_they_are_named_otherwise() {
        ModuleRegistry registry =
                new ModuleRegistry(List.of(new CoreModule(), module("reports", Set.of("reports.manage"))));

        assertThat(registry.isReadOnly("reports.manage")).isTrue();
        assertThat(registry.isReadOnly("reports.read")).as("only what it lists").isFalse();
    }

    @Test
    void a_module_listing_a_permission_it_does_not_define_stops_the_start() {
        assertThatThrownBy(() -> new ModuleRegistry(List.of(new CoreModule(), module("reports", Set.of("keys.read")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reports")
                .hasMessageContaining("keys.read");
    }

    /** A module with {@code <id>.read}, {@code <id>.read_all} and {@code <id>.manage}; {@code readOnly} empty: the default. */
    private static ConsoleModule module(String id, Set<String> readOnly) {
        return new ConsoleModule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String name() {
                return "Reports";
            }

            @Override
            public List<Permission> permissions() {
                return List.of(
                        new Permission(id + ".read", "Read", Set.of(Role.OWNER, Role.VIEWER)),
                        new Permission(id + ".read_all", "Read all", Set.of(Role.OWNER)),
                        new Permission(id + ".manage", "Manage", Set.of(Role.OWNER)));
            }

            @Override
            public Set<String> readOnlyPermissions() {
                return readOnly.isEmpty() ? ConsoleModule.super.readOnlyPermissions() : readOnly;
            }
        };
    }
}
