package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.sso.SsoFlow.location;
import static dev.vlmconsole.app.sso.SsoFlow.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.support.ConsoleTest;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An SSO-only install ({@code console.oidc.only=true}) whose provider is down when the console starts:
 * the console starts anyway and says so plainly at the first SSO click, then works once the provider is
 * up; the password form is the operators' break-glass only, each use audited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsoOnlyHttpTest extends ConsoleTest {

    static final int PROVIDER_PORT = freePort();
    static final MockOAuth2Server provider = new MockOAuth2Server();
    static volatile boolean started;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void ssoOnly(DynamicPropertyRegistry properties) {
        // the provider is not started yet: the console must start without it
        properties.add("console.oidc.issuer-uri", () -> "http://localhost:" + PROVIDER_PORT + "/default");
        properties.add("console.oidc.client-id", () -> SsoFlow.CLIENT_ID);
        properties.add("console.oidc.only", () -> "true");
    }

    @AfterAll
    static void stopProvider() {
        if (started) {
            provider.shutdown();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Test
    @Order(1)
    void the_console_starts_while_the_provider_is_down_and_signs_in_once_it_is_up() throws Exception {
        SsoFlow browser = new SsoFlow(port, provider);

        HttpResponse<String> down = browser.get(SsoSettings.AUTHORIZATION_PATH);

        assertThat(down.statusCode()).isEqualTo(302);
        assertThat(location(down)).endsWith("/login?sso=unavailable");
        assertThat(browser.get("/login?sso=unavailable").statusCode()).isEqualTo(200);

        provider.start(PROVIDER_PORT);
        started = true;
        TestUser member = newMember(newWorkspace(), Role.MEMBER);
        HttpResponse<String> done = browser.signIn("sub-" + unique(), person(member.email()));

        assertThat(location(done)).doesNotContain("login", "no-access");
        assertThat(browser.signedIn()).isTrue();
    }

    @Test
    @Order(2)
    void a_member_cannot_sign_in_with_a_password() throws Exception {
        TestUser member = newMember(newWorkspace(), Role.OWNER);
        SsoFlow browser = new SsoFlow(port, provider);

        HttpResponse<String> answer = passwordSignIn(browser, member);

        assertThat(location(answer)).endsWith("/login?error");
        assertThat(browser.signedIn()).isFalse();
        assertThat(db.fetchCount(
                        AUDIT_LOG,
                        AUDIT_LOG.ACTION.eq("core.signin.break_glass").and(AUDIT_LOG.ACTOR_ID.eq(member.id()))))
                .isZero();
    }

    @Test
    @Order(3)
    void an_operator_signs_in_with_a_password_and_it_is_audited_as_break_glass() throws Exception {
        TestUser operator = newOperator();
        SsoFlow browser = new SsoFlow(port, provider);

        HttpResponse<String> answer = passwordSignIn(browser, operator);

        assertThat(location(answer)).doesNotContain("/login");
        assertThat(browser.signedIn()).isTrue();
        var entry = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("core.signin.break_glass"), AUDIT_LOG.ACTOR_ID.eq(operator.id()))
                .fetchOne();
        assertThat(entry).isNotNull();
        assertThat(entry.getWorkspaceId()).isNull();
    }

    @Test
    @Order(4)
    void nobody_changes_a_password() {
        TestUser operator = newOperator();
        login(operator);

        assertThatThrownBy(() -> accounts.changePassword(operator.password(), "a brand new password 1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("single sign-on");
    }

    private static HttpResponse<String> passwordSignIn(SsoFlow browser, TestUser user) throws Exception {
        String token = browser.csrfToken("/login?" + "break-glass");
        return browser.post("/login", Map.of("username", user.email(), "password", user.password(), "_csrf", token));
    }
}
