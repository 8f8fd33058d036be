package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.usage.UsageIngestion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/usage}: platform keys of scope {@code usage} only; exact credits from numbers
 * and decimal strings; {@code 202 {"accepted", "duplicates"}}; a bad event refuses the whole call,
 * naming each bad index and field, and nothing reaches the ingestion.
 */
class UsageApiControllerTest extends BillingApiTestBase {

    static final UUID KEY = UUID.fromString("0b5e3c0a-3f7e-4d4e-9a59-3c1f3e0c2a11");

    @BeforeEach
    void asTheGateway() {
        context.usePlatformKey(BillingDoubles.platformKey(PlatformKeyPrincipal.SCOPE_USAGE));
    }

    static String event(String id, String credits) {
        return "{\"id\": \"" + id + "\", \"keyId\": \"" + KEY + "\", \"credits\": " + credits
                + ", \"timestamp\": \"2026-11-16T11:59:00Z\"}";
    }

    static String events(String... events) {
        return "{\"events\": [" + String.join(", ", events) + "]}";
    }

    @Test
    void events_are_accepted_with_202_and_credits_are_exact_from_numbers_and_strings() throws Exception {
        http.perform(json(
                        post("/api/v1/usage"),
                        events(
                                event("e-1", "0.1"),
                                event("e-2", "\"0.2\""),
                                event("e-3", "12345678901.000001"),
                                event("e-4", "0"),
                                event("e-5", "1E+2"))))
                .andExpect(status().isAccepted())
                .andExpect(content().json("{\"accepted\": 5, \"duplicates\": 0}", true));

        assertThat(ingestion.events.get("e-1").credits()).isEqualByComparingTo("0.1");
        assertThat(ingestion
                        .events
                        .get("e-1")
                        .credits()
                        .add(ingestion.events.get("e-2").credits()))
                .as("0.1 + 0.2, exactly: no double on the way")
                .isEqualTo(new BigDecimal("0.3"));
        assertThat(ingestion.events.get("e-3").credits()).isEqualTo(new BigDecimal("12345678901.000001"));
        assertThat(ingestion.events.get("e-5").credits()).isEqualByComparingTo("100");
        assertThat(ingestion.events.get("e-1").keyId()).isEqualTo(KEY);
        assertThat(ingestion.events.get("e-1").timestamp()).isEqualTo(Instant.parse("2026-11-16T11:59:00Z"));
    }

    @Test
    void a_replay_answers_duplicates_and_offsets_are_read_as_instants() throws Exception {
        String first = events(event("r-1", "1"), event("r-2", "2"));
        http.perform(json(post("/api/v1/usage"), first)).andExpect(status().isAccepted());

        String withOffset = "{\"id\": \"r-3\", \"keyId\": \"" + KEY
                + "\", \"credits\": 3, \"timestamp\": \"2026-11-16T13:59:00+02:00\"}";
        http.perform(json(post("/api/v1/usage"), events(event("r-1", "1"), event("r-2", "2"), withOffset)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.duplicates").value(2));

        assertThat(ingestion.events.get("r-3").timestamp()).isEqualTo(Instant.parse("2026-11-16T11:59:00Z"));
    }

    @Test
    void a_bad_event_refuses_the_call_naming_each_bad_index_and_field_and_nothing_is_ingested() throws Exception {
        String body = events(
                event("ok-0", "1.5"),
                "{\"id\": \"ok-1\", \"keyId\": \"not-a-uuid\", \"credits\": 1, \"timestamp\": \"2026-11-16T11:59:00Z\"}",
                "{\"id\": \"ok-2\", \"keyId\": \"" + KEY + "\", \"credits\": -1, \"timestamp\": \"yesterday\"}",
                "{\"keyId\": \"" + KEY + "\", \"credits\": \"1.0000001\", \"timestamp\": \"2026-11-16T11:59:00Z\"}",
                "{\"id\": \"ok-4\", \"keyId\": \"" + KEY + "\", \"credits\": [1], \"timestamp\": 1763294340}",
                "null",
                "{\"id\": \"has space\", \"keyId\": 7, \"credits\": {\"amount\": 1, \"currency\": \"USD\"},"
                        + " \"timestamp\": \"2026-11-16T11:59:00\"}",
                event("ok-7", "1e400"),
                event("ok-8", "\"1e3\""));

        assertThat(refusedFields(json(post("/api/v1/usage"), body)))
                .containsExactly(
                        "events[1].keyId",
                        "events[2].credits",
                        "events[2].timestamp",
                        "events[3].id",
                        "events[3].credits",
                        "events[4].credits",
                        "events[4].timestamp",
                        "events[5]",
                        "events[6].id",
                        "events[6].keyId",
                        "events[6].credits",
                        "events[6].timestamp",
                        "events[7].credits",
                        "events[8].credits");
        assertThat(ingestion.calls).isEmpty();
    }

    @Test
    void one_to_a_thousand_events_a_call() throws Exception {
        assertThat(refusedFields(json(post("/api/v1/usage"), "{\"events\": []}")))
                .containsExactly("events");
        assertThat(refusedFields(json(post("/api/v1/usage"), "{}"))).containsExactly("events");
        assertThat(refusedFields(json(post("/api/v1/usage"), "{\"events\": null}")))
                .containsExactly("events");

        String thousand = events(IntStream.range(0, UsageIngestion.MAX_EVENTS)
                .mapToObj(i -> event("k-" + i, "0.000001"))
                .toArray(String[]::new));
        http.perform(json(post("/api/v1/usage"), thousand))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1000));

        String tooMany = "{\"events\": ["
                + IntStream.rangeClosed(0, UsageIngestion.MAX_EVENTS)
                        .mapToObj(i -> event("m-" + i, "1"))
                        .collect(Collectors.joining(","))
                + "]}";
        assertThat(refusedFields(json(post("/api/v1/usage"), tooMany))).containsExactly("events");
        assertThat(ingestion.calls).hasSize(1);
    }

    @Test
    void only_a_platform_key_with_the_usage_scope_reports_usage() throws Exception {
        String body = events(event("p-1", "1"));

        context.usePlatformKey(BillingDoubles.platformKey(PlatformKeyPrincipal.SCOPE_VERIFY));
        refusal(json(post("/api/v1/usage"), body)).isInstanceOf(PermissionDeniedException.class);

        useKeyOf(owner, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
        refusal(json(post("/api/v1/usage"), body)).isInstanceOf(PermissionDeniedException.class);

        context.signOut();
        http.perform(json(post("/api/v1/usage"), body))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.status").value(401));

        assertThat(ingestion.calls).isEmpty();
        context.usePlatformKey(BillingDoubles.platformKey(PlatformKeyPrincipal.ALL_SCOPES.toArray(String[]::new)));
        http.perform(json(post("/api/v1/usage"), body)).andExpect(status().isAccepted());
    }
}
