package dev.vlmconsole.app.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The billing API on the whole console over real HTTP: the console's problems for the controllers'
 * refusals (a 400 naming each field, 403, 404), the money format as the console's JSON mapper writes
 * it, the invoice PDF, and the body limits: 1 MiB for the gateway's usage reports, 64 KiB elsewhere.
 * (module-billing's own tests cover every call's answers.)
 */
class BillingApiTest extends ConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat format;

    @Autowired
    PlatformKeyService platformKeys;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void usage_reports_take_bodies_up_to_1_MiB_and_other_calls_64_KiB() {
        String almostOneMiB = body(1024 * 1024 - 1024);
        String overOneMiB = body(1024 * 1024 + 1024);
        String overSixtyFourKiB = body(65 * 1024);

        // within its limit the body is not refused for its size: without a key, the answer is 401
        assertThat(call("POST", "/api/v1/usage", null, almostOneMiB).statusCode())
                .isEqualTo(401);
        HttpResponse<String> tooLarge = call("POST", "/api/v1/usage", null, overOneMiB);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(tooLarge.body()).contains(Long.toString(1024 * 1024));
        assertThat(call("PUT", "/api/v1/billing/limit", null, overSixtyFourKiB).statusCode())
                .isEqualTo(413);
    }

    @Test
    void a_workspace_key_may_not_report_usage() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String adminKey = key(w, owner, KeyFormat.Scope.ADMIN);

        HttpResponse<String> refused = call(
                "POST",
                "/api/v1/usage",
                adminKey,
                "{\"events\": [{\"id\": \"e1\", \"keyId\": \"" + UUID.randomUUID()
                        + "\", \"credits\": 1, \"timestamp\": \"2026-11-16T10:00:00Z\"}]}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void billing_answers_money_objects_and_refusals_are_problems_naming_the_field() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser viewer = newMember(w, Role.VIEWER);
        String ownerKey = key(w, owner, KeyFormat.Scope.ADMIN);
        String viewerKey = key(w, viewer, KeyFormat.Scope.ADMIN);
        String inferenceKey = key(w, owner, KeyFormat.Scope.INFERENCE);

        HttpResponse<String> billing = call("GET", "/api/v1/billing", viewerKey, null);
        assertThat(billing.statusCode()).as(billing.body()).isEqualTo(200);
        assertThat(billing.body())
                .contains("\"plan\":{\"id\":\"payg\"")
                .containsPattern("\"upcomingInvoice\":\\{\"amount\":-?\\d+\\.\\d\\d,\"currency\":\"USD\"}")
                .contains("\"limit\":{\"amount\":null,\"hard\":false}");

        HttpResponse<String> limit =
                call("PUT", "/api/v1/billing/limit", ownerKey, "{\"amount\": \"250.50\", \"hard\": true}");
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(200);
        assertThat(limit.body())
                .contains("\"limit\":{\"amount\":{\"amount\":250.50,\"currency\":\"USD\"},\"hard\":true}");

        HttpResponse<String> bad = call("PUT", "/api/v1/billing/limit", ownerKey, "{\"amount\": 1.001}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(bad.body()).contains("\"field\":\"amount\"");

        assertThat(call("PUT", "/api/v1/billing/limit", viewerKey, "{\"amount\": 1}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/billing", inferenceKey, null).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/invoices/" + UUID.randomUUID(), ownerKey, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_top_up_issues_an_invoice_whose_pdf_is_served() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, KeyFormat.Scope.ADMIN);

        HttpResponse<String> packs = call("GET", "/api/v1/billing/packs", ownerKey, null);
        assertThat(packs.statusCode()).isEqualTo(200);
        assertThat(packs.body()).contains("\"price\":{\"amount\":");

        HttpResponse<String> bought = call(
                "POST", "/api/v1/billing/top-ups", ownerKey, "{\"pack\": \"credits-10k\"}", "Idempotency-Key", "t-1");
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        String location = bought.headers().firstValue("Location").orElseThrow();
        assertThat(bought.body()).contains("\"total\":{\"amount\":100.00,\"currency\":\"USD\"}");
        HttpResponse<String> again = call(
                "POST", "/api/v1/billing/top-ups", ownerKey, "{\"pack\": \"credits-10k\"}", "Idempotency-Key", "t-1");
        assertThat(again.headers().firstValue("Location")).hasValue(location);

        HttpResponse<String> billing = call("GET", "/api/v1/billing", ownerKey, null);
        assertThat(billing.body()).contains("\"topUps\":10000");

        HttpResponse<byte[]> pdf = bytes(location + "/pdf", ownerKey);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).matches("attachment; filename=\"INV-\\d{4}-\\d{6}\\.pdf\""));
        assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");
    }

    @Test
    void the_gateway_reports_usage_exactly_once_per_event_and_a_bad_event_is_named() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, KeyFormat.Scope.ADMIN);
        UUID used = keys.install(format.generate(KeyFormat.Scope.INFERENCE), w.id(), owner.id(), "ci", Actor.SYSTEM)
                .id();
        String gateway = format.generatePlatform();
        platformKeys.install(gateway, "gateway");
        String now = Instant.now().minusSeconds(60).toString();
        String batch = "{\"events\": ["
                + "{\"id\": \"" + used + "-1\", \"keyId\": \"" + used + "\", \"credits\": 1.25, \"timestamp\": \"" + now
                + "\"}, {\"id\": \"" + used + "-2\", \"keyId\": \"" + used + "\", \"credits\": \"2.000001\","
                + " \"timestamp\": \"" + now + "\"}]}";

        HttpResponse<String> first = call("POST", "/api/v1/usage", gateway, batch);
        HttpResponse<String> replay = call("POST", "/api/v1/usage", gateway, batch);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicates\":0}");
        assertThat(replay.body()).isEqualTo("{\"accepted\":0,\"duplicates\":2}");
        assertThat(call("GET", "/api/v1/billing", ownerKey, null).body()).contains("\"usage\":{\"credits\":3.250001,");

        HttpResponse<String> bad = call(
                "POST",
                "/api/v1/usage",
                gateway,
                "{\"events\": [{\"id\": \"b-1\", \"keyId\": \"" + UUID.randomUUID() + "\", \"credits\": 1,"
                        + " \"timestamp\": \"" + now + "\"}, {\"id\": \"b-2\", \"keyId\": \"" + used
                        + "\", \"credits\": \"1e3\", \"timestamp\": \"" + now + "\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(bad.body()).contains("\"field\":\"events[1].credits\"");
        HttpResponse<String> unknownKey = call(
                "POST",
                "/api/v1/usage",
                gateway,
                "{\"events\": [{\"id\": \"b-3\", \"keyId\": \"" + UUID.randomUUID() + "\", \"credits\": 1,"
                        + " \"timestamp\": \"" + now + "\"}]}");
        assertThat(unknownKey.statusCode()).isEqualTo(400);
        assertThat(unknownKey.body()).contains("\"field\":\"events[0].keyId\"");
        assertThat(call("GET", "/api/v1/billing", ownerKey, null).body()).contains("\"usage\":{\"credits\":3.250001,");
    }

    @Test
    void a_thousand_events_in_one_call_are_over_64_KiB_and_accepted() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        UUID used = keys.install(format.generate(KeyFormat.Scope.INFERENCE), w.id(), owner.id(), "ci", Actor.SYSTEM)
                .id();
        String gateway = format.generatePlatform();
        platformKeys.install(gateway, "gateway");
        String now = Instant.now().minusSeconds(60).toString();
        String batch = IntStream.range(0, 1000)
                .mapToObj(i -> "{\"id\": \"" + used + "-" + i + "\", \"keyId\": \"" + used
                        + "\", \"credits\": 0.5, \"timestamp\": \"" + now + "\"}")
                .collect(Collectors.joining(",", "{\"events\": [", "]}"));
        assertThat(batch.length()).isGreaterThan(64 * 1024);

        HttpResponse<String> accepted = call("POST", "/api/v1/usage", gateway, batch);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("{\"accepted\":1000,\"duplicates\":0}");
    }

    /** A JSON body of {@code size} bytes. */
    private static String body(int size) {
        String start = "{\"events\": [], \"padding\": \"";
        return start + "x".repeat(size - start.length() - 2) + "\"}";
    }

    private String key(Workspace w, TestUser owner, KeyFormat.Scope scope) {
        String secret = format.generate(scope);
        keys.install(secret, w.id(), owner.id(), "billing api test", Actor.SYSTEM);
        return secret;
    }

    private HttpResponse<String> call(
            String method, String path, @Nullable String key, @Nullable String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> bytes(String path, String key) {
        return send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
