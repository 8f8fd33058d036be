package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.keys.KeyFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two console nodes on one real PostgreSQL: a workspace suspended through node A makes its keys verify
 * {@code SUSPENDED} on node B within a second, and resuming it makes them verify again there
 * (the change feed's topic {@code core.workspace_status}, DD027). A node started after the suspension
 * knows it from its first request.
 */
class SuspensionAcrossNodesTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static final String PLATFORM_KEY = new KeyFormat("vlm").generatePlatform();
    static String url;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ApiClient a;
    static ApiClient b;

    @BeforeAll
    static void startTwoNodes() {
        url = Postgres.jdbcUrl(Postgres.newDatabase("suspension_nodes"));
        nodeA = ConsoleNodes.start(
                url,
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@suspension-nodes.test",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ADMIN_KEY,
                "--CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + PLATFORM_KEY);
        nodeB = ConsoleNodes.start(url);
        a = new ApiClient(ConsoleNodes.port(nodeA));
        b = new ApiClient(ConsoleNodes.port(nodeB));
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void a_workspace_suspended_on_one_node_is_refused_on_the_other_within_a_second_and_resumed_too() throws Exception {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"gateway traffic\"}");
        String workspace = a.verify(key[1]).text("workspaceId");
        assertThat(b.code(key[1])).as("node B caches the key as valid").isEqualTo("VALID");

        ApiClient.Answer suspended = a.post(
                "/api/v1/operator/workspaces/" + workspace + "/suspend",
                PLATFORM_KEY,
                "{\"reason\":\"Abuse report 5512\"}");
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(a.code(key[1])).as("node A at once").isEqualTo("SUSPENDED");
        long millis = untilCode(b, key[1], "SUSPENDED");
        assertThat(millis).as("suspension reached node B after %d ms", millis).isLessThan(1000);

        ConfigurableApplicationContext nodeC = ConsoleNodes.start(url);
        try {
            assertThat(new ApiClient(ConsoleNodes.port(nodeC)).code(key[1]))
                    .as("a node started later loads the suspension at start")
                    .isEqualTo("SUSPENDED");
        } finally {
            nodeC.close();
        }

        ApiClient.Answer resumed = a.post(
                "/api/v1/operator/workspaces/" + workspace + "/resume", PLATFORM_KEY, "{\"reason\":\"Cleared\"}");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        long resumedAt = System.nanoTime();
        String code = b.code(key[1]);
        while (code.equals("SUSPENDED") && System.nanoTime() - resumedAt < 2_000_000_000L) {
            Thread.sleep(10);
            code = b.code(key[1]);
        }
        millis = (System.nanoTime() - resumedAt) / 1_000_000;
        // the workspace's window (10 a minute) may be spent by the calls above: refused calls take none
        assertThat(code).isIn("VALID", "RATE_LIMITED");
        assertThat(millis).as("resumption reached node B after %d ms", millis).isLessThan(1000);
    }

    /** Verifies on {@code node} until it answers {@code code} (at most 2 s), and says how long that took. */
    private static long untilCode(ApiClient node, String key, String code) throws InterruptedException {
        long start = System.nanoTime();
        String now = node.code(key);
        while (!now.equals(code) && System.nanoTime() - start < 2_000_000_000L) {
            Thread.sleep(10);
            now = node.code(key);
        }
        assertThat(now).isEqualTo(code);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
