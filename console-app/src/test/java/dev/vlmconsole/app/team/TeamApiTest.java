package dev.vlmconsole.app.team;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Team API on the whole console over real HTTP: the security chain (admin keys only), the
 * console's problem answers for the Team controller's refusals, and a member removed through the
 * API losing their keys in the same transaction, with one audit entry naming them. (The module's
 * own tests cover every call's answers; inviting needs the console's outbox and accounts.)
 */
class TeamApiTest extends ConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat format;

    @Autowired
    KeyVerifier verifier;

    @Autowired
    MemberDirectory directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void removing_a_member_revokes_their_keys_and_the_audit_log_names_them() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser member = newMember(w, Role.MEMBER);
        String ownerKey = key(w, owner, KeyFormat.Scope.ADMIN, "owner admin");
        String memberKey = key(w, member, KeyFormat.Scope.INFERENCE, "ci");
        assertThat(verifier.verify(memberKey).code()).isEqualTo(VerificationCode.VALID);

        HttpResponse<String> removed = call("DELETE", "/api/v1/members/" + member.id(), ownerKey, null);

        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(verifier.verify(memberKey).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(db.select(AUDIT_LOG.DETAILS)
                        .from(AUDIT_LOG)
                        .where(AUDIT_LOG
                                .WORKSPACE_ID
                                .eq(w.id())
                                .and(AUDIT_LOG.ACTION.eq("keys.key.revoked_with_member")))
                        .fetch(AUDIT_LOG.DETAILS))
                .singleElement()
                .asString()
                .contains("ci");
    }

    @Test
    void the_last_owner_is_a_conflict_problem_and_nothing_changes() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, KeyFormat.Scope.ADMIN, "owner admin");

        HttpResponse<String> demoted =
                call("PATCH", "/api/v1/members/" + owner.id(), ownerKey, "{\"role\": \"ADMIN\"}");
        HttpResponse<String> removed = call("DELETE", "/api/v1/members/" + owner.id(), ownerKey, null);

        assertThat(demoted.statusCode()).isEqualTo(409);
        assertThat(demoted.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        // nobody may remove the last Owner, their own key neither (which may not make its owner leave at all)
        assertThat(removed.statusCode()).isEqualTo(409);
        assertThat(removed.body()).contains("Owner");
        assertThat(directory.member(w.id(), owner.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(call("GET", "/api/v1/me", ownerKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void an_admins_key_may_not_grant_the_owner_role_and_an_inference_key_nothing() {
        Workspace w = newWorkspace();
        newMember(w, Role.OWNER);
        TestUser admin = newMember(w, Role.ADMIN);
        TestUser member = newMember(w, Role.MEMBER);
        String adminKey = key(w, admin, KeyFormat.Scope.ADMIN, "admin admin");
        String inferenceKey = key(w, admin, KeyFormat.Scope.INFERENCE, "admin live");

        assertThat(call("PATCH", "/api/v1/members/" + member.id(), adminKey, "{\"role\": \"OWNER\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call(
                                "POST",
                                "/api/v1/invitations",
                                adminKey,
                                "{\"email\": \"boss@example.com\", \"role\": \"OWNER\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/invitations", inferenceKey, null).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/invitations", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> list = call("GET", "/api/v1/invitations?status=pending", adminKey, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("[]");
        assertThat(call("GET", "/api/v1/invitations?status=lost", adminKey, null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void another_workspaces_members_and_invitations_are_not_found() {
        Workspace mine = newWorkspace();
        TestUser owner = newMember(mine, Role.OWNER);
        String ownerKey = key(mine, owner, KeyFormat.Scope.ADMIN, "owner admin");
        Workspace theirs = newWorkspace();
        newMember(theirs, Role.OWNER);
        TestUser stranger = newMember(theirs, Role.MEMBER);

        assertThat(call("DELETE", "/api/v1/members/" + stranger.id(), ownerKey, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("PATCH", "/api/v1/members/" + stranger.id(), ownerKey, "{\"role\": \"VIEWER\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/invitations/" + UUID.randomUUID(), ownerKey, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/api/v1/invitations/" + UUID.randomUUID() + "/resend", ownerKey, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(directory.member(theirs.id(), stranger.id()).orElseThrow().role())
                .isEqualTo(Role.MEMBER);
    }

    private String key(Workspace w, TestUser owner, KeyFormat.Scope scope, String name) {
        String secret = format.generate(scope);
        keys.install(secret, w.id(), owner.id(), name, Actor.SYSTEM);
        return secret;
    }

    private HttpResponse<String> call(String method, String path, String key, String json) {
        return ApiCalls.call(http, port, method, path, key, json);
    }
}
