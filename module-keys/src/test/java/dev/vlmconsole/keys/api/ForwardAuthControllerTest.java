package dev.vlmconsole.keys.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.KeysProperties;
import dev.vlmconsole.keys.verify.KeyState;
import dev.vlmconsole.keys.verify.KeyStoreUnavailableException;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimitStatus;
import dev.vlmconsole.keys.verify.Verification;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Forward-auth's answers for every verification code, the key's headers, any method and path below
 * the endpoint, and the platform-key requirement; the verifier is a stand-in here (the real one over
 * HTTP: console-app's {@code ForwardAuthApiTest}, behind a real nginx: {@code ForwardAuthNginxIT}).
 */
class ForwardAuthControllerTest {

    static final String KEY = "vlm_live_presented-key";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.250Z");

    final KeyVerifier verifier = mock(KeyVerifier.class);
    final ConsoleContext context = mock(ConsoleContext.class);
    final KeyState key = new KeyState(
            UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "gateway", "inference", null, null, null);
    /** A window of 10 that refills 42.5 s from now. */
    final RateLimitStatus window =
            new RateLimitStatus(10, 0, NOW.plusMillis(42_500).toEpochMilli());

    MockMvc mvc(boolean requiresPlatformKey) {
        KeysProperties settings = new KeysProperties(
                "vlm",
                "",
                1000,
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                KeysProperties.RateLimitStore.MEMORY,
                Duration.ofSeconds(5),
                1000,
                "",
                "",
                requiresPlatformKey);
        when(context.platformKey()).thenReturn(Optional.empty());
        return MockMvcBuilders.standaloneSetup(
                        new ForwardAuthController(verifier, context, Clock.fixed(NOW, ZoneOffset.UTC), settings))
                .build();
    }

    MockHttpServletResponse call(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    static MockHttpServletRequestBuilder get() {
        return request(HttpMethod.GET, ForwardAuthController.PATH);
    }

    @Test
    void a_valid_key_is_200_with_its_workspace_key_and_window_and_no_body() throws Exception {
        when(verifier.verify(KEY))
                .thenReturn(new Verification(
                        VerificationCode.VALID, key, new RateLimitStatus(10, 7, NOW.toEpochMilli() + 1)));

        MockHttpServletResponse r = call(mvc(false), get().header("Authorization", "Bearer " + KEY));

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).isEmpty();
        assertThat(r.getHeader("X-Workspace-Id")).isEqualTo(key.workspaceId().toString());
        assertThat(r.getHeader("X-Key-Id")).isEqualTo(key.keyId().toString());
        assertThat(r.getHeader("X-Verify-Code")).isEqualTo("VALID");
        assertThat(r.getHeader("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(r.getHeader("X-RateLimit-Remaining")).isEqualTo("7");
        assertThat(r.getHeader("X-RateLimit-Reset"))
                .as("Unix seconds, rounded up")
                .isEqualTo(Long.toString(NOW.getEpochSecond() + 1));
        assertThat(r.getHeader("WWW-Authenticate")).isNull();
    }

    @ParameterizedTest
    @EnumSource(
            value = VerificationCode.class,
            names = {"MALFORMED", "NOT_FOUND", "REVOKED", "EXPIRED"})
    void a_key_that_is_not_good_is_a_401_problem_with_a_bearer_challenge(VerificationCode code) throws Exception {
        when(verifier.verify(KEY))
                .thenReturn(new Verification(code, code == VerificationCode.MALFORMED ? null : key, null));

        MockHttpServletResponse r = call(mvc(false), get().header("Authorization", "Bearer " + KEY));

        assertRefused(r, 401, code);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.getHeader("X-Workspace-Id"))
                .as("nothing about a refused key's workspace")
                .isNull();
        assertThat(r.getContentAsString()).doesNotContain(KEY);
    }

    @Test
    void a_rate_limited_key_is_429_with_retry_after_in_whole_seconds_until_the_window_refills() throws Exception {
        when(verifier.verify(KEY)).thenReturn(new Verification(VerificationCode.RATE_LIMITED, key, window));

        MockHttpServletResponse r = call(mvc(false), get().header("Authorization", "Bearer " + KEY));

        assertRefused(r, 429, VerificationCode.RATE_LIMITED);
        assertThat(r.getHeader("Retry-After")).as("42.5 s rounded up").isEqualTo("43");
        assertThat(r.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(r.getHeader("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(r.getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void insufficient_credits_is_402_and_a_suspended_workspace_403() throws Exception {
        when(verifier.verify(KEY))
                .thenReturn(new Verification(VerificationCode.INSUFFICIENT_CREDITS, key, window))
                .thenReturn(new Verification(VerificationCode.SUSPENDED, key, null));
        MockMvc mvc = mvc(false);

        MockHttpServletResponse credits = call(mvc, get().header("Authorization", "Bearer " + KEY));
        assertRefused(credits, 402, VerificationCode.INSUFFICIENT_CREDITS);
        assertThat(credits.getHeader("Retry-After")).isNull();

        MockHttpServletResponse suspended = call(mvc, get().header("Authorization", "Bearer " + KEY));
        assertRefused(suspended, 403, VerificationCode.SUSPENDED);
        assertThat(suspended.getContentAsString()).contains("suspended");
    }

    @Test
    void every_verification_code_has_a_status() {
        for (VerificationCode code : VerificationCode.values()) {
            assertThat(ForwardAuthController.statusOf(code)).as(code.name()).isNotNull();
        }
    }

    @Test
    void x_api_key_is_the_fallback_and_the_bearer_token_wins_when_both_are_sent() throws Exception {
        when(verifier.verify(anyString())).thenReturn(new Verification(VerificationCode.NOT_FOUND, key, null));
        MockMvc mvc = mvc(false);

        call(mvc, get().header("X-Api-Key", " " + KEY + " "));
        verify(verifier).verify(KEY);
        call(mvc, get().header("Authorization", "Bearer bearer-key").header("X-Api-Key", "header-key"));
        verify(verifier).verify("bearer-key");
        verify(verifier, never()).verify("header-key");
        call(mvc, get().header("Authorization", "Basic dXNlcjpwYXNz").header("X-Api-Key", "fallback-key"));
        verify(verifier).verify("fallback-key");
    }

    @Test
    void no_key_at_all_is_a_401_verified_as_malformed() throws Exception {
        when(verifier.verify("")).thenReturn(new Verification(VerificationCode.MALFORMED, null, null));

        MockHttpServletResponse r = call(mvc(false), get().header("Authorization", "Basic dXNlcjpwYXNz"));

        assertRefused(r, 401, VerificationCode.MALFORMED);
        assertThat(r.getContentAsString()).contains("Authorization: Bearer");
        verify(verifier).verify("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void any_method_and_any_path_below_the_endpoint_is_verified(String method) throws Exception {
        when(verifier.verify(KEY)).thenReturn(new Verification(VerificationCode.REVOKED, key, null));
        MockMvc mvc = mvc(false);

        for (String path :
                new String[] {ForwardAuthController.PATH, ForwardAuthController.PATH + "/v1/chat/completions"}) {
            MockHttpServletResponse r =
                    call(mvc, request(HttpMethod.valueOf(method), path).header("Authorization", "Bearer " + KEY));
            assertThat(r.getStatus()).as(method + " " + path).isEqualTo(401);
            assertThat(r.getHeader("X-Verify-Code")).isEqualTo("REVOKED");
        }
    }

    @Test
    void a_key_store_that_cannot_answer_is_a_503_with_retry_after() throws Exception {
        when(verifier.verify(KEY)).thenThrow(new KeyStoreUnavailableException(new IllegalStateException("down")));

        MockHttpServletResponse r = call(mvc(false), get().header("Authorization", "Bearer " + KEY));

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("1");
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).doesNotContain(KEY);
    }

    @Test
    void where_verification_requires_a_platform_key_the_gateway_must_send_one_with_the_verify_scope() throws Exception {
        MockMvc mvc = mvc(true);
        when(verifier.verify(KEY)).thenReturn(new Verification(VerificationCode.VALID, key, window));

        assertThat(call(mvc, get().header("Authorization", "Bearer " + KEY)).getStatus())
                .as("no platform key")
                .isEqualTo(401);
        when(context.platformKey())
                .thenReturn(Optional.of(new PlatformKeyPrincipal(
                        UUID.randomUUID(), "usage only", Set.of(PlatformKeyPrincipal.SCOPE_USAGE))));
        assertThat(call(mvc, get().header("Authorization", "Bearer " + KEY)).getStatus())
                .as("a platform key without the verify scope")
                .isEqualTo(403);
        verify(verifier, never()).verify(anyString());

        when(context.platformKey())
                .thenReturn(Optional.of(new PlatformKeyPrincipal(
                        UUID.randomUUID(), "gateway", Set.of(PlatformKeyPrincipal.SCOPE_VERIFY))));
        MockHttpServletResponse r = call(mvc, get().header("Authorization", "Bearer " + KEY));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeader("X-Workspace-Id")).isEqualTo(key.workspaceId().toString());
    }

    private static void assertRefused(MockHttpServletResponse r, int status, VerificationCode code) throws Exception {
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getHeader("X-Verify-Code")).isEqualTo(code.name());
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString())
                .contains("\"status\":" + status)
                .contains("\"code\":\"" + code.name() + "\"");
    }
}
