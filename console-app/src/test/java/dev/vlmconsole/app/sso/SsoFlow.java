package dev.vlmconsole.app.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A browser for the tests: one cookie jar, redirects followed by hand so that each step can be looked at.
 */
final class SsoFlow {

    static final String CLIENT_ID = "console";

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String console;
    private final MockOAuth2Server provider;

    /** The provider's authorization request of the last {@link #signIn}. */
    URI authorizationRequest;

    SsoFlow(int port, MockOAuth2Server provider) {
        this.console = "http://localhost:" + port;
        this.provider = provider;
    }

    /** A verified person of the provider with these claims (email, name, groups...). */
    static Map<String, Object> person(String email, Object... more) {
        LinkedHashMap<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", email);
        claims.put("email_verified", true);
        for (int i = 0; i < more.length; i += 2) {
            claims.put((String) more[i], more[i + 1]);
        }
        return claims;
    }

    /** Signs in through the provider as {@code subject}; the console's last answer (its redirect). */
    HttpResponse<String> signIn(String subject, Map<String, Object> claims) throws Exception {
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
        HttpResponse<String> callback = toProvider();
        return get(callback.headers().firstValue("Location").orElseThrow());
    }

    /** Starts SSO and lets the provider answer: its redirect back to the console's callback. */
    HttpResponse<String> toProvider() throws Exception {
        HttpResponse<String> start = get(console + SsoSettings.AUTHORIZATION_PATH);
        assertThat(start.statusCode()).isEqualTo(302);
        authorizationRequest = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorizationRequest.toString())
                .startsWith(provider.authorizationEndpointUrl("default").toString());
        HttpResponse<String> callback = get(authorizationRequest.toString());
        assertThat(callback.statusCode()).isEqualTo(302);
        return callback;
    }

    HttpResponse<String> get(String url) throws Exception {
        String absolute = url.startsWith("http") ? url : console + url;
        return http.send(
                HttpRequest.newBuilder(URI.create(absolute)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(
                HttpRequest.newBuilder(URI.create(console + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the browser's session is signed in: the console's home page answers instead of sending it to sign in. */
    boolean signedIn() throws Exception {
        HttpResponse<String> home = get("/");
        return home.statusCode() == 200;
    }

    /** The Spring CSRF token a console page carries in its meta tags (DD006). */
    String csrfToken(String path) throws Exception {
        String page = get(path).body();
        Matcher m = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF meta tag on " + path).isTrue();
        return m.group(1);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }
}
