package dev.vlmconsole.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.BuildPaths;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the Prometheus alert rules of {@code deploy/monitoring} name only metrics
 * the console exposes: a whole console (with a mail server) is exercised (verifications of each code
 * it can answer here, a usage report, an invitation mail, a refused management call), then
 * {@code /actuator/prometheus} is scraped and every metric named in a dashboard query or a rule's
 * expression must be in it (DD032).
 *
 * <p>A console of its own (its own database), as the shared test console has no mail server.
 */
class MonitoringDashboardTest extends ConsoleTest {

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:monitoring;DB_CLOSE_DELAY=-1");
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        registry.add("console.api.management-rate-limit", () -> "3");
    }

    static final Path MONITORING = BuildPaths.root().resolve("deploy").resolve("monitoring");

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
    void every_metric_the_dashboard_and_the_alert_rules_name_is_exposed() throws Exception {
        exercise();
        Set<String> exposed = exposedNames(scrape());
        Map<String, List<String>> queries =
                Map.of("grafana-dashboard.json", dashboardQueries(), "prometheus-alerts.yml", ruleExpressions());

        queries.forEach((file, expressions) -> {
            assertThat(expressions).as("queries in %s", file).isNotEmpty();
            for (String expr : expressions) {
                Set<String> named = metricNames(expr);
                assertThat(named).as("metrics in %s: %s", file, expr).isNotEmpty();
                assertThat(exposed).as("metrics of %s named in %s", file, expr).containsAll(named);
            }
        });
        Set<String> all = new TreeSet<>();
        queries.values().forEach(list -> list.forEach(e -> all.addAll(metricNames(e))));
        assertThat(all)
                .as("the domain's metrics the issue asks to watch")
                .contains(
                        "console_key_verifications_total",
                        "console_key_cache_hits_total",
                        "console_key_cache_misses_total",
                        "console_key_cache_size",
                        "console_feed_live",
                        "console_feed_lag_seconds",
                        "console_key_usage_unwritten",
                        "console_key_usage_flush_lag_seconds",
                        "console_billing_usage_events_total",
                        "console_key_ratelimit_refusals_total",
                        "console_mail_messages_total",
                        "http_server_requests_seconds_count",
                        "http_server_requests_seconds_bucket");
    }

    @Test
    void the_metric_names_of_a_query_are_found_loosely() {
        assertThat(metricNames("sum by (code) (rate(console_key_verifications_total{instance=~\"$instance\"}"
                        + "[$__rate_interval]))"))
                .containsExactly("console_key_verifications_total");
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket"
                        + "{uri=~\"/api/.*\"}[5m]))) > 0.5 and on (instance) up == 1"))
                .containsExactly("http_server_requests_seconds_bucket", "up");
        assertThat(metricNames("deriv(console_key_usage_unwritten[5m]) > 0 and console_key_usage_flush_lag_seconds"
                        + " > 60 unless ignoring (kind) console_feed_live offset 5m"))
                .containsExactly(
                        "console_feed_live", "console_key_usage_flush_lag_seconds", "console_key_usage_unwritten");
        assertThat(metricNames("label_values(console_feed_live, instance)")).containsExactly("console_feed_live");
    }

    /** What an operator would see within a minute of traffic: every family the dashboard draws. */
    private void exercise() throws Exception {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = format.generate(KeyFormat.Scope.ADMIN);
        keys.install(ownerKey, w.id(), owner.id(), "monitoring admin", Actor.SYSTEM);
        String inference = format.generate(KeyFormat.Scope.INFERENCE);
        UUID inferenceId = keys.install(inference, w.id(), owner.id(), "monitoring", Actor.SYSTEM)
                .id();
        String revoked = format.generate(KeyFormat.Scope.INFERENCE);
        UUID revokedId = keys.install(revoked, w.id(), owner.id(), "revoked", Actor.SYSTEM)
                .id();
        assertThat(call("DELETE", "/api/v1/keys/" + revokedId, ownerKey, null).statusCode())
                .isIn(200, 204);

        assertThat(verify(inference)).contains("\"code\":\"VALID\"");
        assertThat(verify("vlm_live_nonsense")).contains("\"code\":\"MALFORMED\"");
        assertThat(verify(format.generate(KeyFormat.Scope.INFERENCE))).contains("\"code\":\"NOT_FOUND\"");
        assertThat(verify(revoked)).contains("\"code\":\"REVOKED\"");
        String answer = "";
        for (int i = 0; i < 20 && !answer.contains("RATE_LIMITED"); i++) {
            answer = verify(inference); // Pay-as-you-go: 10 a minute
        }
        assertThat(answer).contains("\"code\":\"RATE_LIMITED\"");
        int status = 200;
        for (int i = 0; i < 10 && status != 429; i++) {
            status = call("GET", "/api/v1/me", ownerKey, null).statusCode(); // 3 a minute here
        }
        assertThat(status).isEqualTo(429);

        String gateway = format.generatePlatform();
        platformKeys.install(gateway, "monitoring gateway");
        String event = "{\"events\": [{\"id\": \"" + inferenceId + "-m1\", \"keyId\": \"" + inferenceId
                + "\", \"credits\": 1, \"timestamp\": \"" + Instant.now().minusSeconds(30) + "\"}]}";
        assertThat(call("POST", "/api/v1/usage", gateway, event).statusCode()).isEqualTo(202);
        assertThat(call("POST", "/api/v1/usage", gateway, event).body()).contains("\"duplicates\":1");

        String to = "invited-" + unique() + "@example.test";
        assertThat(call(
                                "POST",
                                "/api/v1/invitations",
                                freshAdminKey(w, owner),
                                "{\"email\": \"" + to + "\", \"role\": \"MEMBER\"}")
                        .statusCode())
                .isEqualTo(201);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (greenMail.getReceivedMessages().length == 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(greenMail.getReceivedMessages()).isNotEmpty();
    }

    /** The first admin key spent its management calls on the 429 above. */
    private String freshAdminKey(Workspace w, TestUser owner) {
        String key = format.generate(KeyFormat.Scope.ADMIN);
        keys.install(key, w.id(), owner.id(), "monitoring invitations", Actor.SYSTEM);
        return key;
    }

    private static final String MAIL_SENT =
            "console_mail_messages_total{kind=\"team.invitation\",outcome=\"sent\"} 1.0";

    private String scrape() throws InterruptedException {
        String text = "";
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text.contains(MAIL_SENT) && System.nanoTime() < until) { // marked sent just after the server took it
            HttpResponse<String> scrape = call("GET", "/actuator/prometheus", null, null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            text = scrape.body();
            Thread.sleep(50);
        }
        for (VerificationCode code : VerificationCode.values()) {
            assertThat(text).contains("console_key_verifications_total{code=\"" + code.name() + "\"");
        }
        assertThat(text)
                .contains(MAIL_SENT)
                .contains("console_mail_messages_total{kind=\"team.invitation\",outcome=\"failed\"} 0.0")
                .contains("console_billing_usage_events_total{outcome=\"accepted\"} 1.0")
                .contains("console_billing_usage_events_total{outcome=\"duplicate\"} 1.0")
                .contains("console_key_ratelimit_refusals_total{limit=\"management\"}")
                .contains("console_key_ratelimit_refusals_total{limit=\"workspace\"}");
        return text;
    }

    /** The names of the exposition's samples, and of its families (a histogram's name without suffix). */
    static Set<String> exposedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every query of the dashboard: its panels' targets and its template variables. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(MONITORING.resolve("grafana-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            queries.add(variable.path("definition").asString());
        }
        assertThat(dashboard.path("panels").size()).as("panels").isGreaterThanOrEqualTo(13);
        return queries;
    }

    /** The {@code expr} of every rule of the alert rules file. */
    @SuppressWarnings("unchecked")
    static List<String> ruleExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(MONITORING.resolve("prometheus-alerts.yml")));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "annotations");
                expressions.add(rule.get("expr").toString());
            }
        }
        return expressions;
    }

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTORS = Pattern.compile("\\{[^{}]*}|\\[[^\\[\\]]*]");
    private static final Pattern GROUPINGS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "instance",
            "inf",
            "nan");

    /**
     * The metric names in a PromQL expression, found loosely: strings, label selectors, ranges and
     * grouping clauses removed, then every identifier that is not a function call, a keyword, a
     * duration or a Grafana variable.
     */
    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = SELECTORS.matcher(s).replaceAll(" ");
        s = GROUPINGS.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < s.length() && s.charAt(after) == ' ') {
                after++;
            }
            boolean call = after < s.length() && s.charAt(after) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!call && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private String verify(String key) {
        return call("POST", "/api/v1/keys/verify", null, "{\"key\": \"" + key + "\"}")
                .body();
    }

    private HttpResponse<String> call(String method, String path, @Nullable String key, @Nullable String json) {
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
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
