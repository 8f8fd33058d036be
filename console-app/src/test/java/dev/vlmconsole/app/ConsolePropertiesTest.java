package dev.vlmconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code console.*} bound as the console binds it: defaults, overrides, variables, and bad values refused at start. */
class ConsolePropertiesTest {

    @EnableConfigurationProperties(ConsoleProperties.class)
    static class Binding {}

    private final ApplicationContextRunner console =
            new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaults_are_those_the_readme_lists() {
        console.run(context -> {
            ConsoleProperties p = context.getBean(ConsoleProperties.class);
            assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data"));
            assertThat(p.publicUrl()).isEmpty();
            assertThat(p.security().bcryptCost()).isEqualTo(10);
            assertThat(p.security().operatorsRequireTwoFactor()).isTrue();
            assertThat(p.api().managementRateLimit()).isEqualTo(600);
            assertThat(p.api().managementRatePeriod()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.plans().payg().rateLimit()).isEqualTo(10);
            assertThat(p.plans().payg().ratePeriod()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.bootstrap().ownerEmail()).isEmpty();
            assertThat(p.bootstrap().ownerPassword()).isEmpty();
            assertThat(p.bootstrap().workspace()).isEqualTo("Default workspace");
            assertThat(p.payments().offlineDueDays()).isEqualTo(30);
        });
    }

    @Test
    void every_setting_can_be_overridden() {
        console.withPropertyValues(
                        "console.data-dir=/var/lib/console",
                        "console.public-url=https://console.example.com",
                        "console.security.bcrypt-cost=12",
                        "console.security.operators-require-two-factor=false",
                        "console.api.management-rate-limit=5",
                        "console.api.management-rate-period=10s",
                        "console.plans.payg.rate-limit=0",
                        "console.plans.payg.rate-period=PT1H",
                        "console.bootstrap.owner-email=owner@example.com",
                        "console.bootstrap.workspace=Acme",
                        "console.payments.offline-due-days=14")
                .run(context -> {
                    ConsoleProperties p = context.getBean(ConsoleProperties.class);
                    assertThat(p.dataDir()).isEqualTo(Path.of("/var/lib/console"));
                    assertThat(p.publicUrl()).isEqualTo("https://console.example.com");
                    assertThat(p.security().bcryptCost()).isEqualTo(12);
                    assertThat(p.security().operatorsRequireTwoFactor()).isFalse();
                    assertThat(p.api().managementRateLimit()).isEqualTo(5);
                    assertThat(p.api().managementRatePeriod()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(p.plans().payg().rateLimit()).isZero();
                    assertThat(p.plans().payg().ratePeriod()).isEqualTo(Duration.ofHours(1));
                    assertThat(p.bootstrap().ownerEmail()).isEqualTo("owner@example.com");
                    assertThat(p.bootstrap().workspace()).isEqualTo("Acme");
                    assertThat(p.payments().offlineDueDays()).isEqualTo(14);
                });
    }

    @Test
    void the_readmes_environment_variables_bind() {
        Map<String, Object> variables = Map.of(
                "CONSOLE_SECURITY_BCRYPTCOST",
                "11",
                "CONSOLE_DATA_DIR",
                "/srv/console",
                "CONSOLE_PUBLIC_URL",
                "https://c.example.com",
                "CONSOLE_BOOTSTRAP_OWNER_EMAIL",
                "boot@example.com",
                "CONSOLE_BOOTSTRAP_OWNER_PASSWORD",
                "a long bootstrap password",
                "CONSOLE_BOOTSTRAP_WORKSPACE",
                "Booted");
        console.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
                .run(context -> {
                    ConsoleProperties p = context.getBean(ConsoleProperties.class);
                    assertThat(p.security().bcryptCost()).isEqualTo(11);
                    assertThat(p.dataDir()).isEqualTo(Path.of("/srv/console"));
                    assertThat(p.publicUrl()).isEqualTo("https://c.example.com");
                    assertThat(p.bootstrap().ownerEmail()).isEqualTo("boot@example.com");
                    assertThat(p.bootstrap().ownerPassword()).isEqualTo("a long bootstrap password");
                    assertThat(p.bootstrap().workspace()).isEqualTo("Booted");
                    assertThat(p.bootstrap().toString()).doesNotContain("a long bootstrap password");
                });
    }

    @Test
    void single_sign_on_binds_from_its_environment_variables_and_never_prints_the_secret() {
        Map<String, Object> variables = Map.of(
                "CONSOLE_OIDC_ISSUER_URI", "https://sso.example.com/realms/acme",
                "CONSOLE_OIDC_CLIENT_ID", "console",
                "CONSOLE_OIDC_CLIENT_SECRET", "the very secret client secret",
                "CONSOLE_OIDC_BUTTON_LABEL", "Sign in with Acme",
                "CONSOLE_OIDC_SCOPES", "openid profile,email groups",
                "CONSOLE_OIDC_EMAIL_CLAIM", "mail",
                "CONSOLE_OIDC_NAME_CLAIM", "display_name",
                "CONSOLE_OIDC_GROUPS_CLAIM", "roles",
                "CONSOLE_OIDC_ONLY", "true");
        console.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
                .run(context -> {
                    ConsoleProperties.Oidc oidc =
                            context.getBean(ConsoleProperties.class).oidc();
                    assertThat(oidc.enabled()).isTrue();
                    assertThat(oidc.ssoOnly()).isTrue();
                    assertThat(oidc.issuerUri()).isEqualTo("https://sso.example.com/realms/acme");
                    assertThat(oidc.clientId()).isEqualTo("console");
                    assertThat(oidc.clientSecret()).isEqualTo("the very secret client secret");
                    assertThat(oidc.buttonLabel()).isEqualTo("Sign in with Acme");
                    assertThat(oidc.scopeList()).containsExactly("openid", "profile", "email", "groups");
                    assertThat(oidc.emailClaim()).isEqualTo("mail");
                    assertThat(oidc.nameClaim()).isEqualTo("display_name");
                    assertThat(oidc.groupsClaim()).isEqualTo("roles");
                    assertThat(oidc.toString()).doesNotContain("very secret").contains("(set)");
                    assertThat(context.getBean(ConsoleProperties.class).toString())
                            .doesNotContain("very secret");
                });
    }

    @Test
    void single_sign_on_is_off_by_default() {
        console.run(context -> {
            ConsoleProperties.Oidc oidc =
                    context.getBean(ConsoleProperties.class).oidc();
            assertThat(oidc.enabled()).isFalse();
            assertThat(oidc.ssoOnly()).isFalse();
            assertThat(oidc.buttonLabel()).isEqualTo("Sign in with SSO");
            assertThat(oidc.scopeList()).containsExactly("openid", "profile", "email");
            assertThat(oidc.emailClaim()).isEqualTo("email");
            assertThat(oidc.nameClaim()).isEqualTo("name");
            assertThat(oidc.groupsClaim()).isEqualTo("groups");
        });
    }

    @Test
    void a_bad_value_stops_the_start_naming_the_setting() {
        refused("console.oidc.issuer-uri=sso.example.com", "console.oidc.issuer-uri must be empty or an http://");
        refused("console.oidc.issuer-uri=https://sso.example.com", "console.oidc.client-id must be set together");
        refused("console.oidc.only=true", "console.oidc.only must be false while console.oidc.issuer-uri is not set");
        refused("console.security.bcrypt-cost=40", "console.security.bcrypt-cost must be between 4 and 31, not 40");
        refused("console.api.management-rate-limit=0", "console.api.management-rate-limit must be at least 1, not 0");
        refused("console.plans.payg.rate-period=PT0S", "console.plans.payg.rate-period must be a positive duration");
        refused("console.public-url=console.example.com", "console.public-url must be empty or an http:// or https://");
        refused("console.payments.offline-due-days=-1", "console.payments.offline-due-days must be between 0 and 365");
        refused("console.api.management-rate-period=soon", "console.api.management-rate-period");
    }

    private void refused(String setting, String message) {
        console.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder causes = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                causes.append(t.getMessage()).append('\n');
            }
            assertThat(causes.toString()).as(setting).contains(message);
        });
    }
}
