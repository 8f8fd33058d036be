package dev.vlmconsole.app.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where single sign-on may continue to afterwards: only paths inside the console. */
class SsoSettingsTest {

    @Test
    void a_path_inside_the_console_is_kept() {
        assertThat(SsoSettings.safeContinue("invite/abc-DEF_123")).contains("invite/abc-DEF_123");
        assertThat(SsoSettings.safeContinue("/keys")).contains("keys");
        assertThat(SsoSettings.safeContinue("audit?from=2026-01-01")).contains("audit?from=2026-01-01");
    }

    @Test
    void anything_that_could_leave_the_console_is_dropped() {
        for (String bad : new String[] {
            "https://evil.example/x",
            "//evil.example/x",
            "/\\\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "../../etc/passwd",
            "a/../../b",
            "",
            " keys",
            "keys\\r\\nSet-Cookie: x",
            "x".repeat(400)
        }) {
            assertThat(SsoSettings.safeContinue(bad)).as(bad).isEmpty();
        }
        assertThat(SsoSettings.safeContinue(null)).isEmpty();
    }

    @Test
    void the_groups_claim_is_read_as_providers_send_it() {
        assertThat(SsoUserService.groups(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(SsoUserService.groups("a, b")).containsExactly("a", "b");
        assertThat(SsoUserService.groups(null)).isEmpty();
        assertThat(SsoUserService.groups(42)).isEmpty();
    }

    @Test
    void a_new_persons_name_comes_from_the_claim_or_the_address() {
        assertThat(SsoSignIn.displayName("  Ada Lovelace ", "ada@example.test")).isEqualTo("Ada Lovelace");
        assertThat(SsoSignIn.displayName("", "ada@example.test")).isEqualTo("ada");
        assertThat(SsoSignIn.displayName(null, "ada@example.test")).isEqualTo("ada");
    }
}
