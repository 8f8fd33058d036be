package dev.vlmconsole.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code console.keys.*} bound as {@link KeysAutoConfiguration} binds it: defaults, overrides, bad values refused at start. */
class KeysPropertiesTest {

    @EnableConfigurationProperties(KeysProperties.class)
    static class Binding {}

    private final ApplicationContextRunner keys = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaults_are_those_the_readme_lists() {
        keys.run(context -> {
            KeysProperties p = context.getBean(KeysProperties.class);
            assertThat(p.prefix()).isEqualTo("vlm");
            assertThat(p.pepper()).isEmpty();
            assertThat(p.cacheSize()).isEqualTo(100_000);
            assertThat(p.maxStaleness()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.rateLimitStore()).isEqualTo(KeysProperties.RateLimitStore.AUTO);
            assertThat(p.usageFinalFlushRetry()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.maxActivePerWorkspace()).isEqualTo(1000);
            assertThat(p.bootstrapAdminKey()).isEmpty();
            assertThat(p.bootstrapPlatformKey()).isEmpty();
            assertThat(p.verifyRequiresPlatformKey()).isFalse();
        });
    }

    @Test
    void settings_can_be_overridden_and_secrets_are_not_printed() {
        keys.withPropertyValues(
                        "console.keys.prefix=acme",
                        "console.keys.pepper=s3cret-pepper",
                        "console.keys.cache-size=10",
                        "console.keys.max-staleness=PT5M",
                        "console.keys.read-timeout=250ms",
                        "console.keys.rate-limit-store=database",
                        "console.keys.usage-final-flush-retry=0s",
                        "console.keys.max-active-per-workspace=3")
                .run(context -> {
                    KeysProperties p = context.getBean(KeysProperties.class);
                    assertThat(p.prefix()).isEqualTo("acme");
                    assertThat(p.pepper()).isEqualTo("s3cret-pepper");
                    assertThat(p.cacheSize()).isEqualTo(10);
                    assertThat(p.maxStaleness()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(p.readTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(p.rateLimitStore()).isEqualTo(KeysProperties.RateLimitStore.DATABASE);
                    assertThat(p.usageFinalFlushRetry()).isZero();
                    assertThat(p.maxActivePerWorkspace()).isEqualTo(3);
                    assertThat(p.toString()).doesNotContain("s3cret-pepper");
                });
        keys.withPropertyValues("console.keys.rate-limit-store=memory")
                .run(context -> assertThat(context.getBean(KeysProperties.class).rateLimitStore())
                        .isEqualTo(KeysProperties.RateLimitStore.MEMORY));
    }

    @Test
    void a_bad_value_stops_the_start_naming_the_setting() {
        refused("console.keys.cache-size=0", "console.keys.cache-size must be at least 1, not 0");
        refused("console.keys.max-active-per-workspace=0", "console.keys.max-active-per-workspace must be at least 1");
        refused("console.keys.read-timeout=0s", "console.keys.read-timeout must be a positive duration");
        refused("console.keys.prefix=Bad-Prefix", "console.keys.prefix must be 1 to 16 lower-case letters or digits");
        refused("console.keys.rate-limit-store=redis", "console.keys.rate-limit-store");
    }

    @Test
    void a_well_formed_bootstrap_platform_key_is_taken_and_never_printed() {
        String key = new KeyFormat("vlm").generatePlatform();
        keys.withPropertyValues(
                        "console.keys.bootstrap-platform-key=" + key, "console.keys.verify-requires-platform-key=true")
                .run(context -> {
                    KeysProperties p = context.getBean(KeysProperties.class);
                    assertThat(p.bootstrapPlatformKey()).isEqualTo(key);
                    assertThat(p.verifyRequiresPlatformKey()).isTrue();
                    assertThat(p.toString()).doesNotContain(key);
                });
    }

    @Test
    void a_malformed_bootstrap_platform_key_stops_the_start_with_a_clear_message_that_does_not_repeat_it() {
        String key = new KeyFormat("vlm").generatePlatform();
        String broken = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        String message = "console.keys.bootstrap-platform-key (CONSOLE_BOOTSTRAP_PLATFORM_KEY) must be a well-formed"
                + " vlm_svc_ key";
        refused("console.keys.bootstrap-platform-key=" + broken, message);
        refused("console.keys.bootstrap-platform-key=" + new KeyFormat("vlm").generate(KeyFormat.Scope.ADMIN), message);
        keys.withPropertyValues("console.keys.bootstrap-platform-key=" + broken).run(context -> {
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(broken);
            }
        });
        // the white-label prefix applies to platform keys too
        keys.withPropertyValues("console.keys.prefix=acme", "console.keys.bootstrap-platform-key=" + key)
                .run(context -> assertThat(context).hasFailed());
    }

    private void refused(String setting, String message) {
        keys.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder causes = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                causes.append(t.getMessage()).append('\n');
            }
            assertThat(causes.toString()).as(setting).contains(message);
        });
    }
}
