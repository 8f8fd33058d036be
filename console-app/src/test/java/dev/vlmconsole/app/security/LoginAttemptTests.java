package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sign-in attempts are counted before the password check, in real transactions: a burst of
 * parallel guesses at a new account gets exactly five through, never an error.
 */
abstract class LoginAttemptTests {

    @Autowired
    LoginThrottle throttle;

    @Test
    void a_parallel_burst_gets_five_attempts_through_and_no_error() throws Exception {
        for (int round = 0; round < 10; round++) { // races are rare: give them several chances
            burst();
        }
    }

    private void burst() throws Exception {
        String email = "burst-" + UUID.randomUUID() + "@example.com";
        String address = "192.0.2." + UUID.randomUUID();
        List<Callable<Optional<Duration>>> calls = IntStream.range(0, 16)
                .<Callable<Optional<Duration>>>mapToObj(i -> () -> throttle.attempt(email, address)).toList();
        long through;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Optional<Duration>>> answers = pool.invokeAll(calls);
            through = 0;
            for (Future<Optional<Duration>> f : answers) {
                if (f.get().isEmpty()) {
                    through++;
                }
            }
        }
        assertThat(through).isEqualTo(5);
        assertThat(throttle.lockedFor(email, address)).isPresent();
    }

    @Test
    void a_right_password_takes_the_attempt_back() {
        String email = "ok-" + UUID.randomUUID() + "@example.com";
        String address = "192.0.2." + UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            assertThat(throttle.attempt(email, address)).isEmpty();
            throttle.recordSuccess(email, address);
        }
        assertThat(throttle.lockedFor(email, address)).as("30 good sign-ins from one address lock nothing").isEmpty();
    }
}
