package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;

class KeyStoreReadsTest {

    final KeyStoreHealth health = new KeyStoreHealth();
    final KeyStoreReads reads = KeyStoreReads.bounded(health, Duration.ofMillis(200));
    final CountDownLatch databaseBack = new CountDownLatch(1);
    final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void release() {
        databaseBack.countDown();
        reads.close();
    }

    /** A read that hangs like a query on a dead connection, until the test lets it answer. */
    final Supplier<String> hanging = () -> {
        attempts.incrementAndGet();
        try {
            databaseBack.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "state";
    };

    @Test
    void a_read_that_hangs_is_given_up_after_the_time_out_and_the_store_is_marked_down() {
        long t = System.nanoTime();
        assertThatThrownBy(() -> reads.read(hanging)).isInstanceOf(KeyStoreUnavailableException.class);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
        assertThat(health.isDown()).isTrue();
    }

    @Test
    void while_the_store_is_down_reads_are_refused_at_once_and_only_one_tries_it() {
        health.down(new IllegalStateException("test"));
        long t = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> reads.read(hanging)).isInstanceOf(KeyStoreUnavailableException.class);
        }
        assertThat((System.nanoTime() - t) / 1_000_000)
                .as("no call waited for the store")
                .isLessThan(1000);
        assertThat(attempts.get()).as("one probe at a time").isLessThanOrEqualTo(1);
    }

    @Test
    void a_probe_that_gets_an_answer_brings_the_store_back() throws Exception {
        health.down(new IllegalStateException("test"));
        databaseBack.countDown();
        assertThatThrownBy(() -> reads.read(hanging)).isInstanceOf(KeyStoreUnavailableException.class);
        long until = System.nanoTime() + 5_000_000_000L;
        while (health.isDown() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(health.isDown()).isFalse();
        assertThat(reads.read(hanging)).isEqualTo("state");
    }

    @Test
    void a_failed_statement_does_not_open_the_circuit_but_a_lost_connection_does() {
        assertThatThrownBy(() -> reads.read(() -> {
                    throw new BadSqlGrammarException("read", "select", new SQLException("syntax", "42601"));
                }))
                .isInstanceOf(KeyStoreUnavailableException.class);
        assertThat(health.isDown()).isFalse();
        assertThatThrownBy(() -> reads.read(() -> {
                    throw new CannotCreateTransactionException(
                            "no connection",
                            new SQLTransientConnectionException("Connection is not available, request timed out"));
                }))
                .isInstanceOf(KeyStoreUnavailableException.class);
        assertThat(health.isDown()).isTrue();
    }
}
