package dev.vlmconsole.app.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsoUserServiceTest {

    @Test
    void email_verified_decides_when_the_provider_sends_it() {
        assertThat(SsoUserService.emailVerified(true, null)).isTrue();
        assertThat(SsoUserService.emailVerified(false, null)).isFalse();
        assertThat(SsoUserService.emailVerified(false, true))
                .as("an explicit false is never overridden")
                .isFalse();
    }

    @Test
    void without_email_verified_entras_domain_owner_claim_vouches_for_the_address() {
        assertThat(SsoUserService.emailVerified(null, true)).isTrue();
        assertThat(SsoUserService.emailVerified(null, "true")).isTrue();
        assertThat(SsoUserService.emailVerified(null, 1)).isTrue();
        assertThat(SsoUserService.emailVerified(null, false)).isFalse();
        assertThat(SsoUserService.emailVerified(null, null)).isFalse();
    }

    @Test
    void groups_come_as_a_list_a_single_name_or_comma_separated() {
        assertThat(SsoUserService.groups(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(SsoUserService.groups("a, b")).containsExactly("a", "b");
        assertThat(SsoUserService.groups(null)).isEmpty();
    }
}
