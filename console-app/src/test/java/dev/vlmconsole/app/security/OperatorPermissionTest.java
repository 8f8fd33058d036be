package dev.vlmconsole.app.security;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.app.support.ProbeModule;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * {@link Permissions#OPERATOR} in the console's acting context: held by operators who owe no factor,
 * read again at each request, never by keys; and no module may define it. (That an operator who owes a
 * factor holds nothing: {@code OperatorOwingAFactorTest}.)
 */
class OperatorPermissionTest extends ConsoleTest {

    @Autowired
    CurrentConsoleContext context;

    @Test
    void an_operator_holds_it_in_no_workspace_and_an_owner_does_not() {
        login(newOperator());
        assertThat(context.workspace()).isEmpty();
        assertThat(context.can(Permissions.OPERATOR)).isTrue();

        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        assertThat(context.can(Permissions.OPERATOR)).isFalse();
        assertThat(context.can(Permissions.SIGNED_IN)).isTrue();
    }

    @Test
    void a_withdrawn_flag_takes_effect_at_the_next_request_without_signing_in_again() {
        TestUser operator = newOperator();
        login(operator);
        assertThat(context.can(Permissions.OPERATOR)).isTrue();

        tx.executeWithoutResult(s -> db.update(USERS)
                .set(USERS.OPERATOR, false)
                .where(USERS.ID.eq(operator.id()))
                .execute());
        assertThat(context.can(Permissions.OPERATOR))
                .as("read once per request")
                .isTrue();
        nextRequest();

        assertThat(context.can(Permissions.OPERATOR)).isFalse();
    }

    @Test
    void keys_never_hold_it_and_a_platform_key_acts_in_no_workspace_holding_nothing() {
        Workspace w = newWorkspace();
        TestUser operatorOwner = newOperator();
        addMember(w, operatorOwner, Role.OWNER);
        act(new ApiKeyAuthentication(
                new ApiKeyPrincipal(UUID.randomUUID(), w.id(), operatorOwner.id(), "ci", Set.of("admin"))));
        assertThat(context.can(Permissions.OPERATOR))
                .as("an operator's own admin key")
                .isFalse();

        PlatformKeyPrincipal platform =
                new PlatformKeyPrincipal(UUID.randomUUID(), "gateway", PlatformKeyPrincipal.ALL_SCOPES);
        act(new PlatformKeyAuthentication(platform));
        assertThat(context.platformKey()).contains(platform);
        assertThat(context.apiKey()).isEmpty();
        assertThat(context.workspace()).isEmpty();
        assertThat(context.can(Permissions.OPERATOR)).isFalse();
        assertThat(context.can(Permissions.SIGNED_IN)).isFalse();
        assertThat(context.can(ProbeModule.OPEN)).isFalse();
        assertThat(context.actor().displayName()).isEqualTo("Platform key gateway");
    }

    @Test
    void no_module_may_define_the_operator_permission() {
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
                return List.of(new Permission(Permissions.OPERATOR, "Support", Set.of(Role.OWNER)));
            }
        };
        assertThatThrownBy(() -> new ModuleRegistry(List.of(squatter)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Permissions.OPERATOR);
    }

    private static void act(Authentication authentication) {
        SecurityContext keyContext = SecurityContextHolder.createEmptyContext();
        keyContext.setAuthentication(authentication);
        SecurityContextHolder.setContext(keyContext);
    }
}
