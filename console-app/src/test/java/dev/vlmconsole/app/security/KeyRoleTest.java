package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An API key acts with its owner's current role, capped by its scope. */
class KeyRoleTest {

    private static ApiKeyPrincipal key(String scope) {
        return new ApiKeyPrincipal(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "k", Set.of(scope));
    }

    @Test
    void an_admin_key_of_an_owner_or_admin_acts_as_admin() {
        assertThat(CurrentConsoleContext.keyRole(key("admin"), Role.OWNER)).isEqualTo(Role.ADMIN);
        assertThat(CurrentConsoleContext.keyRole(key("admin"), Role.ADMIN)).isEqualTo(Role.ADMIN);
        assertThat(CurrentConsoleContext.keyRole(key("inference"), Role.OWNER)).isEqualTo(Role.MEMBER);
    }

    @Test
    void a_demoted_owner_takes_their_keys_down_with_them() {
        assertThat(CurrentConsoleContext.keyRole(key("admin"), Role.VIEWER)).isEqualTo(Role.VIEWER);
        assertThat(CurrentConsoleContext.keyRole(key("admin"), Role.MEMBER)).isEqualTo(Role.MEMBER);
        assertThat(CurrentConsoleContext.keyRole(key("admin"), Role.BILLING)).isEqualTo(Role.BILLING);
    }
}
