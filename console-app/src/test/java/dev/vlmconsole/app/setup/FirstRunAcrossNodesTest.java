package dev.vlmconsole.app.setup;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.SETUP_TOKEN;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two console nodes starting at the same moment on one empty PostgreSQL database: both start,
 * and the install is set up once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstRunAcrossNodesTest {

    private static final Pattern LINK = Pattern.compile("Open (\\S+) to create one");
    static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    static String startLog;

    @BeforeAll
    static void startTwoNodesTogether(CapturedOutput output) throws Exception {
        String url = Postgres.jdbcUrl(Postgres.newDatabase("first_run_race"));
        CompletableFuture<ConfigurableApplicationContext> a = CompletableFuture.supplyAsync(() -> start(url));
        CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(url));
        for (CompletableFuture<ConfigurableApplicationContext> node : List.of(a, b)) {
            try {
                nodes.add(node.get());
            } catch (Exception e) {
                stopNodes();
                throw e;
            }
        }
        startLog = output.getAll();
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);
        nodes.clear();
    }

    @Test
    void both_nodes_start_with_one_setup_token_and_each_logs_a_link_that_opens_as_printed() throws Exception {
        DSLContext db = nodes.getFirst().getBean(DSLContext.class);
        assertThat(db.fetchCount(SETUP_TOKEN)).isEqualTo(1);
        assertThat(db.fetchCount(USERS)).isZero();

        List<String> links =
                LINK.matcher(startLog).results().map(m -> m.group(1)).toList();
        List<String> expectedStarts = nodes.stream()
                .map(n -> "http://localhost:" + port(n) + "/setup?token=")
                .toList();
        assertThat(links)
                .hasSize(2)
                .allSatisfy(link -> assertThat(expectedStarts).anyMatch(link::startsWith));
        String storedHash = db.select(SETUP_TOKEN.TOKEN_HASH).from(SETUP_TOKEN).fetchSingle(SETUP_TOKEN.TOKEN_HASH);
        String valid = links.stream()
                .filter(l -> FirstRun.sha256(token(l)).equals(storedHash))
                .findFirst()
                .orElseThrow();

        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(valid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    /** Without the lock one of two first runs fails on the Owner's unique email; a few rounds make that certain. */
    @Test
    void first_runs_racing_with_bootstrap_variables_set_up_one_owner_and_workspace() throws Exception {
        ConfigurableApplicationContext node = nodes.getFirst();
        DSLContext db = node.getBean(DSLContext.class);
        TransactionTemplate tx = node.getBean(TransactionTemplate.class);
        FirstRun bootstrap = new FirstRun(
                node.getBean(UserRepository.class),
                node.getBean(WorkspaceService.class),
                node.getBean(PasswordEncoder.class),
                db,
                node.getBean(AuditLog.class),
                node,
                node.getBean(SetupLink.class),
                bootstrapping(
                        node.getBean(ConsoleProperties.class),
                        new ConsoleProperties.Bootstrap("owner@race.test", "owner-password-long", "Raced")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                removeEveryone(db, tx);
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Void> firstRun = () -> {
                    together.await();
                    tx.executeWithoutResult(s -> bootstrap.afterSingletonsInstantiated());
                    return null;
                };
                for (Future<Void> done : pool.invokeAll(List.of(firstRun, firstRun))) {
                    done.get();
                }
                assertThat(db.fetchCount(USERS)).as("round %d", round).isEqualTo(1);
                assertThat(db.fetchCount(WORKSPACES)).as("round %d", round).isEqualTo(1);
                assertThat(db.fetchCount(MEMBERSHIPS)).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            removeEveryone(db, tx);
        }
    }

    private static void removeEveryone(DSLContext db, TransactionTemplate tx) {
        tx.executeWithoutResult(s -> {
            db.deleteFrom(MEMBERSHIPS).execute();
            db.deleteFrom(AUDIT_LOG).execute();
            db.deleteFrom(WORKSPACES).execute();
            db.deleteFrom(USERS).execute();
        });
    }

    private static String token(String link) {
        Matcher m = Pattern.compile("token=([A-Za-z0-9_-]+)$").matcher(link);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static ConfigurableApplicationContext start(String url) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            return ConsoleApplication.start(
                    "--server.port=0",
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=" + Postgres.USER,
                    "--spring.datasource.password=",
                    "--console.security.bcrypt-cost=4",
                    "--console.plugins-dir=target/no-plugins",
                    "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=",
                    "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The node's settings with bootstrap variables set. */
    static ConsoleProperties bootstrapping(ConsoleProperties s, ConsoleProperties.Bootstrap bootstrap) {
        return new ConsoleProperties(
                s.dataDir(),
                s.publicUrl(),
                s.security(),
                s.api(),
                s.plans(),
                bootstrap,
                s.payments(),
                s.feed(),
                s.mail(),
                s.passwordReset(),
                s.supportContact(),
                s.audit(),
                s.oidc());
    }
}
