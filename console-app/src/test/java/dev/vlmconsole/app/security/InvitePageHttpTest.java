package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Team module's invitation pages over real HTTP, before anyone signs in: the accept page opens
 * (it is registered by the module and allowed anonymously), its sign-in step sends the visitor to the
 * sign-in page, which brings them back to it afterwards (Spring Security's saved request).
 */
class InvitePageHttpTest extends ConsoleTest {

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_accept_page_is_not_sent_to_the_sign_in_page() throws Exception {
        HttpResponse<String> response = get("/invite/some-token");

        // 200 with module-team's InvitationService; the page itself is tested in module-team
        assertThat(response.statusCode()).isNotIn(301, 302, 303, 401, 403);
    }

    @Test
    void the_sign_in_step_of_an_invitation_asks_to_sign_in_first() throws Exception {
        HttpResponse<String> response = get("/invite/some-token/sign-in");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
}
