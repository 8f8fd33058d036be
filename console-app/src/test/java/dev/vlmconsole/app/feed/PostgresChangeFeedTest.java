package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.app.support.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes' feeds on one PostgreSQL, node B's connections through a TCP proxy: a change reaches both
 * once, after its commit, never after a rollback; when B's link dies without a reset B's listeners are
 * told changes may be missed, and once B listens again (on a new connection) they are told it resumed
 * and changes flow again.
 */
class PostgresChangeFeedTest {

    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final String TOPIC = "test.things";

    TcpProxy link;
    PostgresChangeFeed nodeA;
    PostgresChangeFeed nodeB;
    TransactionTemplate txA;
    TransactionTemplate txB;
    final AtomicInteger poolReplacedOnB = new AtomicInteger();
    final Recorder onA = new Recorder();
    final Recorder onB = new Recorder();

    @BeforeEach
    void twoNodes() throws InterruptedException {
        String database = Postgres.newDatabase("change_feed");
        link = new TcpProxy(Postgres.server().getPort());
        DataSource direct = Postgres.dataSource(database);
        PGSimpleDataSource proxied = new PGSimpleDataSource();
        proxied.setServerNames(new String[] {"127.0.0.1"});
        proxied.setPortNumbers(new int[] {link.port()});
        proxied.setDatabaseName(database);
        proxied.setUser(Postgres.USER);
        txA = new TransactionTemplate(new DataSourceTransactionManager(direct));
        txB = new TransactionTemplate(new DataSourceTransactionManager(proxied));
        nodeA = new PostgresChangeFeed(
                DSL.using(new TransactionAwareDataSourceProxy(direct), SQLDialect.POSTGRES),
                direct,
                () -> {},
                HEARTBEAT);
        nodeB = new PostgresChangeFeed(
                DSL.using(new TransactionAwareDataSourceProxy(proxied), SQLDialect.POSTGRES),
                proxied,
                poolReplacedOnB::incrementAndGet,
                HEARTBEAT);
        nodeA.subscribe(TOPIC, onA);
        nodeB.subscribe(TOPIC, onB);
        assertThat(nodeA.isLive()).as("not live before it listens").isFalse();
        assertThat(onA.events).containsExactly("interrupted");
        nodeA.start();
        nodeB.start();
        onA.await(e -> e.contains("resumed"), 5000);
        onB.await(e -> e.contains("resumed"), 5000);
        assertThat(nodeA.isLive()).isTrue();
    }

    @AfterEach
    void stop() {
        nodeA.stop();
        nodeB.stop();
        link.close();
    }

    @Test
    void a_change_reaches_every_node_once_after_its_commit() throws InterruptedException {
        txA.executeWithoutResult(s -> {
            nodeA.publish(TOPIC, "k:1");
            nodeA.publish(TOPIC, "k:2");
            sleep(300);
            assertThat(onA.changes()).as("not before the commit, here").isEmpty();
            assertThat(onB.changes()).as("not before the commit, there").isEmpty();
        });
        assertThat(onA.changes()).as("this node at once").containsExactly("k:1", "k:2");
        onB.await(e -> e.contains("k:2"), 2000);
        assertThat(onB.changes()).containsExactly("k:1", "k:2");
        txB.executeWithoutResult(s -> nodeB.publish(TOPIC, "from B"));
        onA.await(e -> e.contains("from B"), 2000);
        sleep(300); // a node's own notification comes back too: it must not be delivered twice
        assertThat(onA.changes()).containsExactly("k:1", "k:2", "from B");
        assertThat(onB.changes()).containsExactly("k:1", "k:2", "from B");
        assertThat(nodeA.received()).isEqualTo(1);
    }

    @Test
    void a_change_of_a_transaction_that_rolls_back_reaches_no_node() throws InterruptedException {
        txA.executeWithoutResult(s -> {
            nodeA.publish(TOPIC, "rolled back");
            s.setRollbackOnly();
        });
        nodeA.publish(TOPIC, "without a transaction");
        assertThat(onA.changes()).containsExactly("without a transaction");
        onB.await(e -> e.contains("without a transaction"), 2000);
        assertThat(onB.changes()).containsExactly("without a transaction");
    }

    @Test
    void a_dead_link_interrupts_the_feed_and_it_resumes_on_a_new_connection() throws InterruptedException {
        Instant before = Instant.now();
        link.blackHoleOpenLinks();
        long cutAt = System.nanoTime();
        onB.await(e -> count(e, "interrupted") == 2, 5000); // the first one: before it listened
        long noticedMillis = (System.nanoTime() - cutAt) / 1_000_000;
        assertThat(noticedMillis).as("within two heartbeats, loosely").isLessThan(4 * HEARTBEAT.toMillis());
        assertThat(onB.lastConfirmed)
                .as("the last round trip before the cut")
                .isBefore(Instant.now())
                .isAfter(before.minus(HEARTBEAT.multipliedBy(2)));
        nodeA.publish(TOPIC, "maybe missed");
        onB.await(e -> count(e, "resumed") == 2, 5000);
        assertThat(nodeB.isLive()).isTrue();
        assertThat(nodeB.reconnects()).isEqualTo(1);
        assertThat(poolReplacedOnB)
                .as("pooled connections replaced on reconnect")
                .hasValue(1);
        assertThat(nodeB.lastConfirmed()).isAfter(onB.lastConfirmed);
        assertThat(onA.events).as("node A was not interrupted again").containsOnlyOnce("interrupted");

        nodeA.publish(TOPIC, "after the reconnect");
        onB.await(e -> e.contains("after the reconnect"), 2000);
        List<String> signals = onB.events.stream()
                .filter(e -> e.equals("interrupted") || e.equals("resumed"))
                .toList();
        assertThat(signals).as("signals alternate").containsExactly("interrupted", "resumed", "interrupted", "resumed");
    }

    private static long count(List<String> events, String event) {
        return events.stream().filter(event::equals).count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
