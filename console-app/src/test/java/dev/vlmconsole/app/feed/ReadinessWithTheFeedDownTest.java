package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.app.support.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node on PostgreSQL whose change feed loses its connection (a TCP proxy closes every connection and
 * refuses new ones): readiness stays up within the maximum staleness, goes down past it while liveness
 * stays up, and comes back by itself when the database does (DD032).
 */
class ReadinessWithTheFeedDownTest {

    static final int MAX_STALENESS_SECONDS = 4;
    static TcpProxy link;
    static ConfigurableApplicationContext node;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        String database = Postgres.newDatabase("readiness");
        link = new TcpProxy(Postgres.server().getPort());
        node = ConsoleNodes.start(
                "jdbc:postgresql://127.0.0.1:" + link.port() + "/" + database,
                "--console.keys.max-staleness=PT" + MAX_STALENESS_SECONDS + "S",
                "--console.feed.heartbeat=PT0.5S");
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.resume();
        }
        if (node != null) {
            node.close();
        }
        if (link != null) {
            link.close();
        }
    }

    private static int status(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ConsoleNodes.port(node) + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long start = System.nanoTime();
        long until = start + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d ms", millis).isLessThan(until);
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void readiness_goes_down_once_the_feed_is_lost_beyond_the_staleness_bound_and_liveness_stays_up() throws Exception {
        ConsoleChangeFeed feed = node.getBean(ConsoleChangeFeed.class);
        waitFor(feed::isLive, 10_000);
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        link.refuse();
        waitFor(() -> !feed.isLive(), 10_000);
        assertThat(status("/actuator/health/readiness"))
                .as("within the staleness bound caches are still trusted")
                .isEqualTo(200);
        long down = waitFor(() -> status("/actuator/health/readiness") == 503, 15_000);
        System.out.printf("readiness down %d ms after the feed was noticed lost%n", down);
        assertThat(down).isGreaterThan((MAX_STALENESS_SECONDS - 2) * 1000L);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        link.resume();
        waitFor(() -> status("/actuator/health/readiness") == 200, 20_000);
        assertThat(feed.isLive()).isTrue();
    }
}
