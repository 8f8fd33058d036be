package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/audit/verify} over real HTTP with admin keys (DD026). */
class AuditApiTest extends ConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat format;

    @Autowired
    AuditLogService audit;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void an_admin_key_of_an_owner_checks_its_workspaces_chain_and_learns_the_first_changed_entry() throws Exception {
        Workspace w = newWorkspace();
        Workspace other = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String key = key(w, owner, KeyFormat.Scope.ADMIN);
        for (Workspace each : List.of(w, w, w, other)) {
            tx.executeWithoutResult(s ->
                    audit.record(new AuditEntry(each.id(), Actor.SYSTEM, "core.api.tested", AuditTarget.NONE, "", "")));
        }

        HttpResponse<String> intact = get(key);

        assertThat(intact.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(intact.body());
        assertThat(body.get("intact").asBoolean()).isTrue();
        assertThat(body.get("checked").asLong())
                .as("its own workspace's entries only")
                .isEqualTo(db.fetchCount(AUDIT_LOG, AUDIT_LOG.WORKSPACE_ID.eq(w.id())));
        assertThat(body.get("firstBrokenEntryId").isNull()).isTrue();

        long second = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(w.id()), AUDIT_LOG.ACTION.eq("core.api.tested"))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .offset(1)
                .fetchSingle(AUDIT_LOG.ID);
        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.SOURCE_ADDRESS, "198.51.100.1")
                .where(AUDIT_LOG.ID.eq(second))
                .execute();

        JsonNode broken = json.readTree(get(key).body());
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("firstBrokenEntryId").asLong()).isEqualTo(second);
    }

    @Test
    void keys_whose_owner_may_not_read_the_audit_log_and_inference_keys_are_refused() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        TestUser owner = newMember(w, Role.OWNER);

        assertThat(get(key(w, member, KeyFormat.Scope.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(get(key(w, owner, KeyFormat.Scope.INFERENCE)).statusCode()).isEqualTo(403);
        assertThat(get(null).statusCode()).isEqualTo(401);
    }

    private String key(Workspace w, TestUser owner, KeyFormat.Scope scope) {
        String secret = format.generate(scope);
        keys.install(secret, w.id(), owner.id(), "audit " + unique(), Actor.SYSTEM);
        return secret;
    }

    private HttpResponse<String> get(String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/audit/verify"));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
