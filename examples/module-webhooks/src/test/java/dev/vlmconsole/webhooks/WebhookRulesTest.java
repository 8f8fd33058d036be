package dev.vlmconsole.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    @Test
    void an_https_url_with_a_host_is_accepted() {
        assertThat(WebhookRules.urlProblem("https://hooks.example.com/console?team=a"))
                .isEmpty();
        assertThat(WebhookRules.urlProblem("  HTTPS://example.com:8443/x  ")).isEmpty();
    }

    @Test
    void plain_http_and_other_schemes_are_refused() {
        assertThat(WebhookRules.urlProblem("http://example.com/hook"))
                .contains("Use an https:// URL: notifications are only sent encrypted.");
        assertThat(WebhookRules.urlProblem("ftp://example.com")).isPresent();
        assertThat(WebhookRules.urlProblem("example.com/hook")).isPresent();
    }

    @Test
    void blank_malformed_hostless_or_credential_urls_are_refused() {
        assertThat(WebhookRules.urlProblem(" ")).contains("Enter the endpoint's URL.");
        assertThat(WebhookRules.urlProblem(null)).isPresent();
        assertThat(WebhookRules.urlProblem("https://exa mple.com")).contains("This is not a valid URL.");
        assertThat(WebhookRules.urlProblem("https:///path")).isPresent();
        assertThat(WebhookRules.urlProblem("https://user:secret@example.com/"))
                .contains("Do not put a user name or password in the URL.");
        assertThat(WebhookRules.urlProblem("https://example.com/#x")).isPresent();
    }

    @Test
    void lengths_are_limited() {
        String longUrl = "https://example.com/" + "a".repeat(WebhookRules.MAX_URL_LENGTH);
        assertThat(WebhookRules.urlProblem(longUrl)).contains("Use at most 500 characters.");
        assertThat(WebhookRules.descriptionProblem("d".repeat(200))).isEmpty();
        assertThat(WebhookRules.descriptionProblem("d".repeat(201))).contains("Use at most 200 characters.");
        assertThat(WebhookRules.descriptionProblem(null)).isEmpty();
    }

    @Test
    void at_least_one_event_is_required() {
        assertThat(WebhookRules.eventsProblem(Set.of())).contains("Choose at least one event.");
        assertThat(WebhookRules.eventsProblem(Set.of(WebhookEvent.KEYS_KEY_REVOKED)))
                .isEmpty();
    }
}
