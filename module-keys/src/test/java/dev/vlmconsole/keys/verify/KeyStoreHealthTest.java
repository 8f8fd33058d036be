package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The circuit closes on the change feed's first confirmation after a failure, not on an older one. */
class KeyStoreHealthTest {

    @Test
    void a_round_trip_of_the_feed_after_the_failure_closes_the_circuit() throws InterruptedException {
        AtomicReference<Instant> confirmed = new AtomicReference<>(Instant.now());
        KeyStoreHealth health = new KeyStoreHealth(confirmed::get);
        assertThat(health.isDown()).isFalse();
        Thread.sleep(5);
        health.down(new IllegalStateException("a read timed out (expected in this test)"));
        assertThat(health.isDown())
                .as("the last confirmation is older than the failure")
                .isTrue();
        Thread.sleep(5);
        confirmed.set(Instant.now());
        assertThat(health.isDown()).as("the database answered the feed since").isFalse();
    }

    @Test
    void without_a_feed_only_up_closes_it() {
        KeyStoreHealth health = new KeyStoreHealth();
        health.down(new IllegalStateException("unreachable (expected in this test)"));
        assertThat(health.isDown()).isTrue();
        health.up();
        assertThat(health.isDown()).isFalse();
    }
}
