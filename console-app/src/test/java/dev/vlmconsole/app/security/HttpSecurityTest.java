package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the running server answers over real HTTP, before anyone signs in. */
class HttpSecurityTest extends ConsoleTest {

    @LocalServerPort
    int port;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"/", "/audit", "/profile", "/probe"})
    void anonymous_visits_of_console_pages_are_sent_to_the_login_page(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/setup"})
    void login_and_setup_pages_are_open_to_anonymous_visitors(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer vlm_admin_notARealKey0000000000000000000000000000", "Basic dXNlcjpwYXNz"})
    void the_machine_api_answers_401_problems_without_a_valid_key(String authorization) throws Exception {
        for (String path : new String[] {"/api/v1/keys", "/api/v1/does-not-exist"}) {
            HttpRequest.Builder request = request(path).GET();
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            assertUnauthorizedProblem(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void a_post_to_the_machine_api_without_a_key_is_a_401_problem_not_a_csrf_error() throws Exception {
        HttpResponse<String> response = http.send(
                request("/api/v1/keys")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertUnauthorizedProblem(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"})
    void health_probes_are_up_and_open(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheus_metrics_are_served() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/env", "/actuator/beans", "/actuator/heapdump"})
    void other_actuator_endpoints_are_closed(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.body()).doesNotContain("propertySources", "contexts");
    }

    @Test
    void the_openapi_document_is_public_json() throws Exception {
        HttpResponse<String> response = get("/api/openapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).contains("\"openapi\"");
    }

    @Test
    void a_form_sign_in_without_csrf_token_creates_no_signed_in_session() throws Exception {
        TestUser user = newUser();
        get("/login"); // a session, as a browser would have
        String form = "username=" + URLEncoder.encode(user.email(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user.password(), StandardCharsets.UTF_8);

        HttpResponse<String> response = http.send(
                request("/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // refused with 403; its error page, not open to anonymous visitors, ends as a redirect to the login page
        assertThat(response.statusCode()).isIn(302, 403);
        if (response.statusCode() == 302) {
            assertThat(response.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        HttpResponse<String> after = get("/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void the_login_page_carries_a_csrf_token_with_which_sign_in_works_and_rotates_the_session() throws Exception {
        TestUser user = newUser();
        HttpResponse<String> page = get("/login");
        String before = sessionCookie();
        assertThat(before).isNotNull();

        HttpResponse<String> response = postLogin(user.email(), user.password(), csrfToken(page.body()));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
        assertThat(sessionCookie()).isNotNull().isNotEqualTo(before);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void a_csrf_token_does_not_make_a_wrong_password_work() throws Exception {
        TestUser user = newUser();
        HttpResponse<String> page = get("/login");

        HttpResponse<String> response = postLogin(user.email(), "not the password", csrfToken(page.body()));

        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(get("/").statusCode()).isEqualTo(302);
    }

    private HttpResponse<String> postLogin(String email, String password, String csrf)
            throws IOException, InterruptedException {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        return http.send(
                request("/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The token Vaadin writes into the page; the login form component posts it as {@code _csrf}. */
    private static String csrfToken(String html) {
        assertThat(html).contains("<meta name=\"_csrf_parameter\" content=\"_csrf\">");
        Matcher m =
                Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\">").matcher(html);
        assertThat(m.find()).as("CSRF meta tag in the login page").isTrue();
        return m.group(1);
    }

    private String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("CONSOLE_SESSION"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    private static void assertUnauthorizedProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(response.body()).contains("\"status\":401").doesNotContain("Exception");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }
}
