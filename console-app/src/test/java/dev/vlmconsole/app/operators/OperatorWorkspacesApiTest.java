package dev.vlmconsole.app.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/operator/workspaces} and {@code .../{id}} over HTTP: a platform key of scope
 * operator lists and finds workspaces (by name, member email, key prefix) with their members and status;
 * a platform key of another scope and a workspace's admin key get 403, no key 401.
 */
class OperatorWorkspacesApiTest extends ConsoleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    PlatformKeyService platformKeys;

    @Autowired
    KeyService keys;

    private final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer get(String pathAndQuery, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private String platformKey(String scope) {
        login(newOperator());
        return platformKeys.create("api-test " + unique(), Set.of(scope)).secret();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void an_operator_platform_key_lists_finds_and_reads_workspaces() throws Exception {
        String tag = unique();
        Workspace acme = newWorkspace("Acme " + tag);
        Workspace beta = newWorkspace("Beta " + tag);
        TestUser owner = newMember(beta, Role.OWNER);
        newMember(beta, Role.MEMBER);
        login(owner, beta);
        String prefix = keys.create(new KeyService.NewKey("ci", null, null, "inference"))
                .key()
                .displayPrefix();
        String operator = platformKey(PlatformKeyPrincipal.SCOPE_OPERATOR);

        Answer list = get("/api/v1/operator/workspaces?q=" + q(tag), operator);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode body = list.json();
        assertThat(body.get("total").asInt()).isEqualTo(2);
        assertThat(body.get("workspaces").valueStream().map(w -> w.get("name").asString()))
                .containsExactly(acme.name(), beta.name());
        JsonNode b = body.get("workspaces").get(1);
        assertThat(b.get("id").asString()).isEqualTo(beta.id().toString());
        assertThat(b.get("members").asInt()).isEqualTo(2);
        assertThat(b.get("suspended").asBoolean()).isFalse();
        assertThat(b.has("plan")).isTrue();
        assertThat(b.has("creditsAvailable")).isTrue();
        assertThat(b.has("creditsUsedThisCycle")).isTrue();
        assertThat(b.has("lastActivityAt")).isTrue();

        Answer page = get("/api/v1/operator/workspaces?q=" + q(tag) + "&offset=1&limit=1", operator);
        assertThat(page.json()
                        .get("workspaces")
                        .valueStream()
                        .map(w -> w.get("name").asString()))
                .containsExactly(beta.name());
        assertThat(page.json().get("total").asInt()).isEqualTo(2);

        assertThat(get("/api/v1/operator/workspaces?q=" + q(owner.email()), operator)
                        .json()
                        .get("workspaces"))
                .extracting(w -> w.get("id").asString())
                .containsExactly(beta.id().toString());
        assertThat(get("/api/v1/operator/workspaces?q=" + q(prefix), operator)
                        .json()
                        .get("workspaces"))
                .extracting(w -> w.get("id").asString())
                .containsExactly(beta.id().toString());

        Answer detail = get("/api/v1/operator/workspaces/" + beta.id(), operator);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().get("keys").asInt()).isEqualTo(1);
        assertThat(detail.json()
                        .get("members")
                        .valueStream()
                        .map(m -> m.get("email").asString()))
                .contains(owner.email());
        assertThat(get("/api/v1/operator/workspaces/" + UUID.randomUUID(), operator)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/v1/operator/workspaces/not-an-id", operator).status())
                .isEqualTo(404);
    }

    @Test
    void bad_paging_is_refused_naming_the_field() throws Exception {
        String operator = platformKey(PlatformKeyPrincipal.SCOPE_OPERATOR);

        Answer tooMany = get("/api/v1/operator/workspaces?limit=201", operator);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit");
        assertThat(get("/api/v1/operator/workspaces?offset=-1", operator).status())
                .isEqualTo(400);
    }

    @Test
    void other_platform_keys_workspace_keys_and_no_key_are_refused() throws Exception {
        String usage = platformKey(PlatformKeyPrincipal.SCOPE_USAGE);
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        String admin =
                keys.create(new KeyService.NewKey("admin", null, null, "admin")).secret();

        assertThat(get("/api/v1/operator/workspaces", usage).status()).isEqualTo(403);
        assertThat(get("/api/v1/operator/workspaces/" + w.id(), usage).status()).isEqualTo(403);
        assertThat(get("/api/v1/operator/workspaces", admin).status()).isEqualTo(403);
        assertThat(get("/api/v1/operator/workspaces", null).status()).isEqualTo(401);
    }
}
