package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.testsupport.TestPostgres;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit buckets shared through PostgreSQL by two nodes (two {@link RateLimiter}s on one
 * database, each with its own connections): together they never admit more than the limit in a
 * window, one node alone admits exactly the limit, and a verification does not wait for the
 * database on the common path.
 */
class SharedRateLimitsOnPostgresTest {

    static final Entitlements THOUSAND_A_MINUTE = new Entitlements("pro", "Pro", 1000, Duration.ofMinutes(1), true);

    /** Wall-clock nanoseconds that only the test moves. */
    static final class ManualTime implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    /** A node's connections to the shared database: counted, and cut off on demand. */
    static final class Connections {
        final DataSource target;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();

        Connections(DataSource target) {
            this.target = target;
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            if (down.get()) {
                                throw new SQLException("connection refused (test)");
                            }
                            opened.incrementAndGet();
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    final ManualTime time = new ManualTime();
    final UUID workspace = UUID.randomUUID();
    DataSource database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = TestPostgres.dataSource(TestPostgres.newDatabase("rate_limits"));
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table rate_limit_buckets (id varchar(200) primary key, state bytea, expires_at bigint)");
        }
    }

    RateLimiter node(Connections connections) {
        var store = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(connections.dataSource())
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .clientClock(time)
                .build();
        return new RateLimiter(store, Clock.systemUTC(), time);
    }

    @Test
    void one_node_alone_admits_exactly_the_limit_in_each_window() throws Exception {
        RateLimiter node = node(new Connections(database));

        assertThat(hammer(List.of(node), THOUSAND_A_MINUTE, 16, 100)).isEqualTo(1000);
        time.advance(Duration.ofSeconds(59));
        assertThat(hammer(List.of(node), THOUSAND_A_MINUTE, 16, 100))
                .as("still the first window")
                .isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(hammer(List.of(node), THOUSAND_A_MINUTE, 16, 100))
                .as("second window")
                .isEqualTo(1000);
    }

    @Test
    void two_nodes_together_never_admit_more_than_the_limit_in_a_window() throws Exception {
        List<RateLimiter> nodes = List.of(node(new Connections(database)), node(new Connections(database)));

        for (int window = 0; window < 3; window++) {
            int admitted = hammer(nodes, THOUSAND_A_MINUTE, 8, 200);
            assertThat(admitted)
                    .as("window %d", window)
                    .isLessThanOrEqualTo(1000)
                    // tokens a node leased and had no attempt left for: at most two leases of 31 each
                    .isGreaterThanOrEqualTo(1000 - 2 * 2 * 31);
            time.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void two_nodes_taking_turns_under_a_small_limit_admit_it_in_order() {
        RateLimiter a = node(new Connections(database));
        RateLimiter b = node(new Connections(database));
        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            allowed.add((i % 2 == 0 ? a : b)
                    .tryConsume(workspace, Entitlements.PAY_AS_YOU_GO)
                    .allowed());
        }
        assertThat(allowed.subList(0, 10)).containsOnly(true);
        assertThat(allowed.subList(10, 30)).containsOnly(false);
    }

    @Test
    void verifications_do_not_wait_for_the_database_on_the_common_path() {
        Connections connections = new Connections(database);
        RateLimiter node = node(connections);
        Entitlements large = new Entitlements("custom", "Custom", 1_000_000, Duration.ofMinutes(1), true);

        for (int i = 0; i < 5000; i++) {
            assertThat(node.tryConsume(workspace, large).allowed()).isTrue();
        }
        // leases double from one token: about log2(5000) of them, not one per verification
        assertThat(connections.opened.get()).isLessThan(50);

        int before = connections.opened.get();
        for (int i = 0; i < 1000; i++) {
            node.tryConsume(workspace, Entitlements.PAY_AS_YOU_GO);
        }
        // below a limit of 64 each of the ten admissions takes one token from the store; the 990 refusals do not
        assertThat(connections.opened.get() - before)
                .as("refusals answer from memory")
                .isLessThan(20);
    }

    @Test
    void a_node_that_cannot_reach_the_shared_buckets_limits_on_its_own() {
        Connections connections = new Connections(database);
        RateLimiter node = node(connections);
        connections.down.set(true);
        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            allowed.add(node.tryConsume(workspace, Entitlements.PAY_AS_YOU_GO).allowed());
        }
        assertThat(allowed.subList(0, 10)).containsOnly(true);
        assertThat(allowed.subList(10, 12)).containsOnly(false);
    }

    /** {@code threads} threads per node, each trying {@code attemptsEach} times at once; the admitted count. */
    private int hammer(List<RateLimiter> nodes, Entitlements plan, int threads, int attemptsEach)
            throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads * nodes.size())) {
            for (RateLimiter node : nodes) {
                for (int t = 0; t < threads; t++) {
                    pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < attemptsEach; i++) {
                            if (node.tryConsume(workspace, plan).allowed()) {
                                admitted.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            start.countDown();
        }
        return admitted.get();
    }
}
