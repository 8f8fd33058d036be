package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.USER_IDENTITIES;
import static dev.vlmconsole.app.sso.SsoFlow.location;
import static dev.vlmconsole.app.sso.SsoFlow.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.support.ConsoleTest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Single sign-on through its real flow over HTTP, against a real OpenID Connect provider in the test's
 * process (mock-oauth2-server): PKCE, state and nonce, who gets in and as what, and logout at the provider.
 */
@Import(SsoTestDoubles.class)
class SsoSignInHttpTest extends ConsoleTest {

    static final MockOAuth2Server provider = started();

    private static MockOAuth2Server started() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void sso(DynamicPropertyRegistry properties) {
        properties.add(
                "console.oidc.issuer-uri", () -> provider.issuerUrl("default").toString());
        properties.add("console.oidc.client-id", () -> SsoFlow.CLIENT_ID);
        properties.add("console.oidc.client-secret", () -> "the client secret");
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    SignInOptions signInOptions;

    @Autowired
    SsoTestDoubles.Invitations invitations;

    @Autowired
    SsoTestDoubles.Domains domains;

    @Autowired
    SsoTestDoubles.Mappings mappings;

    @Autowired
    SsoTestDoubles.Scim scim;

    private SsoFlow browser;

    @BeforeEach
    void browser() {
        browser = new SsoFlow(port, provider);
    }

    @Test
    void an_existing_account_is_linked_by_its_email_and_then_found_by_the_subject() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        String subject = "sub-" + unique();

        HttpResponse<String> done =
                browser.signIn(subject, person(member.email().toUpperCase()));

        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(location(done)).doesNotContain("login", "no-access");
        assertThat(browser.signedIn()).isTrue();
        assertThat(db.fetchOne(USER_IDENTITIES, USER_IDENTITIES.USER_ID.eq(member.id())))
                .satisfies(r -> {
                    assertThat(r.getSubject()).isEqualTo(subject);
                    assertThat(r.getIssuer())
                            .isEqualTo(provider.issuerUrl("default").toString());
                });
        assertThat(actions(w.id(), member.id())).contains("core.sso.linked");
        // the password still works for a linked account: linking adds a way in
        assertThat(db.fetchValue(USERS.PASSWORD_HASH, USERS.ID.eq(member.id()))).isNotNull();

        SsoFlow again = new SsoFlow(port, provider);
        HttpResponse<String> second = again.signIn(subject, person("changed-" + unique() + "@example.test"));
        assertThat(location(second)).doesNotContain("login", "no-access");
        assertThat(again.signedIn()).isTrue();
        assertThat(db.fetchCount(USER_IDENTITIES, USER_IDENTITIES.SUBJECT.eq(subject)))
                .isEqualTo(1);
    }

    @Test
    void the_authorization_request_uses_pkce_and_a_nonce_and_the_id_token_carries_it() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);

        browser.signIn("sub-" + unique(), person(member.email()));

        Map<String, List<String>> query = UriComponentsBuilder.fromUri(browser.authorizationRequest)
                .build()
                .getQueryParams();
        assertThat(query.get("code_challenge")).singleElement().asString().hasSizeGreaterThan(40);
        assertThat(query.get("code_challenge_method")).containsExactly("S256");
        assertThat(query.get("nonce")).singleElement().asString().isNotBlank();
        assertThat(query.get("state")).singleElement().asString().isNotBlank();
        assertThat(query.get("redirect_uri")).containsExactly("http://localhost:" + port + "/login/oauth2/code/sso");
        assertThat(query.get("scope")).singleElement().asString().contains("openid", "email");
        assertThat(browser.signedIn()).isTrue();
    }

    @Test
    void a_changed_state_signs_nobody_in() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        // no token is issued (the console never asks for one), so no token callback is queued
        String callback = location(browser.toProvider());
        String forged = UriComponentsBuilder.fromUriString(callback)
                .replaceQueryParam("state", "forged-" + unique())
                .build()
                .toUriString();

        HttpResponse<String> answer = browser.get(forged);

        assertThat(location(answer)).endsWith("/login?sso=failed");
        assertThat(browser.signedIn()).isFalse();
        assertThat(db.fetchCount(USER_IDENTITIES, USER_IDENTITIES.USER_ID.eq(member.id())))
                .isZero();
    }

    @Test
    void an_unverified_email_is_refused() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);

        HttpResponse<String> answer =
                browser.signIn("sub-" + unique(), Map.of("email", member.email(), "email_verified", false));

        assertThat(location(answer)).endsWith("/login?sso=unverified");
        assertThat(browser.signedIn()).isFalse();
        assertThat(db.fetchCount(USER_IDENTITIES, USER_IDENTITIES.USER_ID.eq(member.id())))
                .isZero();
        assertThat(browser.get("/login?sso=unverified").statusCode()).isEqualTo(200);
    }

    @Test
    void a_stranger_gets_no_account_and_the_no_access_page() throws Exception {
        String email = "stranger-" + unique() + "@example.test";

        HttpResponse<String> answer = browser.signIn("sub-" + unique(), person(email));

        assertThat(location(answer)).endsWith("/no-access");
        assertThat(browser.signedIn()).isFalse();
        assertThat(db.fetchCount(USERS, USERS.EMAIL.eq(email))).isZero();
        assertThat(browser.get("/no-access").statusCode()).isEqualTo(200);
    }

    @Test
    void a_person_with_a_pending_invitation_gets_an_account_without_password_and_joins() throws Exception {
        Workspace w = newWorkspace();
        String email = "invited-" + unique() + "@example.test";
        invitations.invite(w.id(), email, Role.ADMIN);

        HttpResponse<String> answer = browser.signIn("sub-" + unique(), person(email, "name", "Ada Invited"));

        assertThat(location(answer)).doesNotContain("login", "no-access");
        assertThat(browser.signedIn()).isTrue();
        var user = db.fetchOne(USERS, USERS.EMAIL.eq(email));
        assertThat(user.getPasswordHash()).isNull();
        assertThat(user.getDisplayName()).isEqualTo("Ada Invited");
        assertThat(role(w.id(), user.getId())).contains(Role.ADMIN);
        assertThat(invitations.pendingFor(email)).isEmpty();
    }

    @Test
    void an_invitation_that_cannot_be_accepted_does_not_lock_the_person_out() throws Exception {
        Workspace stale = newWorkspace();
        Workspace fine = newWorkspace();
        String email = "two-invites-" + unique() + "@example.test";
        invitations.refused.add(
                invitations.invite(stale.id(), email, Role.MEMBER).invitationId());
        invitations.invite(fine.id(), email, Role.MEMBER);

        HttpResponse<String> answer = browser.signIn("sub-" + unique(), person(email));

        assertThat(location(answer)).doesNotContain("login", "no-access");
        UUID id = db.fetchValue(USERS.ID, USERS.EMAIL.eq(email));
        assertThat(role(fine.id(), id)).contains(Role.MEMBER);
        assertThat(role(stale.id(), id)).isEmpty();
    }

    @Test
    void a_new_person_of_a_claimed_domain_joins_its_workspace_with_the_default_role() throws Exception {
        Workspace w = newWorkspace();
        String domain = "acme-" + unique() + ".test";
        domains.approve(domain, w.id(), Role.VIEWER);
        String email = "new@" + domain;

        HttpResponse<String> answer = browser.signIn("sub-" + unique(), person(email));

        assertThat(location(answer)).doesNotContain("login", "no-access");
        UUID id = db.fetchValue(USERS.ID, USERS.EMAIL.eq(email));
        assertThat(role(w.id(), id)).contains(Role.VIEWER);
        assertThat(db.fetchValue(
                        AUDIT_LOG.DETAILS,
                        AUDIT_LOG.WORKSPACE_ID.eq(w.id()).and(AUDIT_LOG.ACTION.eq("core.member.joined"))))
                .contains("by email domain " + domain);
    }

    @Test
    void groups_set_roles_where_mapped_but_never_demote_the_last_owner_nor_add_anyone() throws Exception {
        Workspace mapped = newWorkspace();
        Workspace owned = newWorkspace();
        Workspace scimManaged = newWorkspace();
        Workspace notMine = newWorkspace();
        TestUser person = newMember(mapped, Role.MEMBER);
        addMember(owned, person, Role.OWNER);
        addMember(scimManaged, person, Role.VIEWER);
        mappings.map(mapped.id(), "platform-admins", Role.ADMIN);
        mappings.map(owned.id(), "platform-admins", Role.MEMBER);
        mappings.map(scimManaged.id(), "platform-admins", Role.ADMIN);
        mappings.map(notMine.id(), "platform-admins", Role.ADMIN);
        scim.managed.add(scimManaged.id());

        browser.signIn("sub-" + unique(), person(person.email(), "groups", List.of("staff", "platform-admins")));

        assertThat(role(mapped.id(), person.id())).contains(Role.ADMIN);
        assertThat(role(owned.id(), person.id())).contains(Role.OWNER);
        assertThat(role(scimManaged.id(), person.id())).contains(Role.VIEWER);
        assertThat(role(notMine.id(), person.id())).isEmpty();
        var change = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(mapped.id()), AUDIT_LOG.ACTION.eq("core.member.role_changed"))
                .fetchOne();
        assertThat(change.getActorName()).isEqualTo("Single sign-on");
        assertThat(change.getDetails()).contains("Member to Admin");
    }

    @Test
    void signing_out_of_an_sso_session_signs_out_at_the_provider() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        browser.signIn("sub-" + unique(), person(member.email()));
        assertThat(browser.signedIn()).isTrue();

        HttpResponse<String> out = browser.post("/logout", Map.of("_csrf", browser.csrfToken("/")));

        String endSession = location(out);
        assertThat(endSession)
                .startsWith(provider.endSessionEndpointUrl("default").toString());
        Map<String, List<String>> query =
                UriComponentsBuilder.fromUriString(endSession).build().getQueryParams();
        assertThat(query).containsKey("id_token_hint");
        assertThat(URLDecoder.decode(query.get("post_logout_redirect_uri").getFirst(), StandardCharsets.UTF_8))
                .isEqualTo("http://localhost:" + port + "/login?logout");
        assertThat(browser.signedIn()).isFalse();
    }

    @Test
    void a_password_session_signs_out_as_before() throws Exception {
        TestUser member = newMember(newWorkspace(), Role.MEMBER);
        String token = browser.csrfToken("/login");
        browser.post("/login", Map.of("username", member.email(), "password", member.password(), "_csrf", token));
        assertThat(browser.signedIn()).isTrue();

        HttpResponse<String> out = browser.post("/logout", Map.of("_csrf", browser.csrfToken("/")));

        assertThat(location(out)).endsWith("/login?logout");
    }

    @Test
    void an_account_without_password_is_refused_by_the_password_form_like_a_wrong_password() throws Exception {
        String email = "passwordless-" + unique() + "@example.test";
        Workspace w = newWorkspace();
        invitations.invite(w.id(), email, Role.MEMBER);
        browser.signIn("sub-" + unique(), person(email));

        SsoFlow other = new SsoFlow(port, provider);
        HttpResponse<String> answer = other.post(
                "/login",
                Map.of("username", email, "password", "any password at all", "_csrf", other.csrfToken("/login")));

        assertThat(location(answer)).endsWith("/login?error");
        assertThat(other.signedIn()).isFalse();
    }

    @Test
    void sign_in_continues_to_the_page_a_module_asked_for_but_only_inside_the_console() throws Exception {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        String url = signInOptions.ssoSignInUrl("invite/abc-123");
        assertThat(url).isEqualTo("sso/start?continue=invite%2Fabc-123");

        HttpResponse<String> start = browser.get("/" + url);
        assertThat(location(start)).endsWith(SsoSettings.AUTHORIZATION_PATH);
        HttpResponse<String> done = browser.signIn("sub-" + unique(), person(member.email()));

        assertThat(location(done)).endsWith("/invite/abc-123");

        SsoFlow other = new SsoFlow(port, provider);
        other.get("/sso/start?continue=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        HttpResponse<String> elsewhere = other.signIn("sub-" + unique(), person(member.email()));
        assertThat(location(elsewhere)).doesNotContain("evil");
    }

    @Test
    void a_linked_person_in_no_workspace_is_signed_in_to_the_no_access_page() throws Exception {
        TestUser loner = newUser();

        HttpResponse<String> done = browser.signIn("sub-" + unique(), person(loner.email()));

        assertThat(location(done)).endsWith("/no-access");
        assertThat(browser.get("/no-access").statusCode()).isEqualTo(200);
        // signed in: the console's pages answer (the sign-in page is not where they are sent)
        assertThat(browser.signedIn()).isTrue();
        assertThat(db.fetchCount(
                        AUDIT_LOG,
                        AUDIT_LOG
                                .ACTION
                                .eq("core.sso.linked")
                                .and(AUDIT_LOG.WORKSPACE_ID.isNull())
                                .and(AUDIT_LOG.TARGET_ID.eq(loner.id().toString()))))
                .isEqualTo(1);
    }

    private Optional<Role> role(UUID workspaceId, UUID userId) {
        return tx.execute(
                s -> workspaceRepository.membership(workspaceId, userId).map(WorkspaceRef::role));
    }

    private List<String> actions(UUID workspaceId, UUID userId) {
        return db.select(AUDIT_LOG.ACTION)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(workspaceId), AUDIT_LOG.TARGET_ID.eq(userId.toString()))
                .fetch(AUDIT_LOG.ACTION);
    }
}
