package dev.vlmconsole.app.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /api/v1/operator/workspaces/{id}/credits} on the whole console over real HTTP: a platform
 * key with the operator scope adjusts and a retry with the same {@code Idempotency-Key} answers the same
 * 201 without a second adjustment; the console's problems for a missing key header (400 naming it), a
 * reused key (422), an unknown workspace (404) and a workspace's admin key (403); the adjustment is in
 * the workspace's ledger with its reason. (module-billing's operators tests cover the rest.)
 */
class OperatorCreditsApiTest extends ConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat format;

    @Autowired
    PlatformKeyService platformKeys;

    @Autowired
    JooqLedger ledger;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void an_operator_platform_key_adjusts_credits_once_per_idempotency_key() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String support = format.generatePlatform();
        platformKeys.install(support, "support desk"); // the bootstrap kind: every scope, operator included
        String adminKey = format.generate(KeyFormat.Scope.ADMIN);
        keys.install(adminKey, w.id(), owner.id(), "owner's admin key", Actor.SYSTEM);
        String path = "/api/v1/operator/workspaces/" + w.id() + "/credits";
        String body = "{\"credits\": \"250.5\", \"reason\": \"Refund for ticket 4711\"}";
        String key = "op-" + UUID.randomUUID();

        HttpResponse<String> first = call(path, support, body, "Idempotency-Key", key);
        HttpResponse<String> again = call(path, support, body, "Idempotency-Key", key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.body()).contains("\"credits\":250.5").containsPattern("\"entryId\":\\d+");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        HttpResponse<String> reused =
                call(path, support, "{\"credits\": 1, \"reason\": \"Other\"}", "Idempotency-Key", key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> noKey = call(path, support, body);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("\"field\":\"Idempotency-Key\"");
        assertThat(call(path, support, "{\"credits\": \"lots\", \"reason\": \"x\"}", "Idempotency-Key", "k2")
                        .body())
                .contains("\"field\":\"credits\"");
        assertThat(call(
                                "/api/v1/operator/workspaces/" + UUID.randomUUID() + "/credits",
                                support,
                                body,
                                "Idempotency-Key",
                                "k3")
                        .statusCode())
                .isEqualTo(404);
        assertThat(call(path, adminKey, body, "Idempotency-Key", "k4").statusCode())
                .isEqualTo(403);

        assertThat(ledger.entries(w.id(), ledger.balance(w.id()).cycleStart()))
                .filteredOn(e -> e.kind() == Ledger.Kind.ADJUSTMENT)
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("Refund for ticket 4711"));
    }

    private HttpResponse<String> call(String path, String key, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
