package dev.vlmconsole.app.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.signin.LoginThrottle.Attempt;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in attempts are counted before the password check, in real transactions: a burst of
 * parallel guesses is counted in full, never an error.
 */
abstract class LoginAttemptTests {

    @Autowired
    LoginThrottle throttle;

    @Autowired
    UserRepository users;

    @Autowired
    TransactionTemplate tx;

    @Test
    void a_parallel_burst_from_one_address_gets_five_attempts_through_and_no_error() throws Exception {
        for (int round = 0; round < 10; round++) { // races are rare: give them several chances
            String email = "burst-" + UUID.randomUUID() + "@example.com";
            String address = "192.0.2." + round;
            assertThat(burst(email, 16, i -> address)).isEqualTo(5);
        }
    }

    @Test
    void a_parallel_burst_from_many_addresses_gets_100_attempts_through() throws Exception {
        String email = "spread-" + UUID.randomUUID() + "@example.com";
        String net = "10." + (int) (Math.random() * 250) + ".";

        assertThat(burst(email, 160, i -> net + i / 250 + "." + i % 250)).isEqualTo(LoginThrottle.ACCOUNT_CAP);
    }

    private long burst(String email, int attempts, IntFunction<String> address) throws Exception {
        List<Callable<Attempt>> calls = IntStream.range(0, attempts)
                .<Callable<Attempt>>mapToObj(i -> () -> throttle.attempt(email, address.apply(i)))
                .toList();
        long through = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Attempt> f : pool.invokeAll(calls)) {
                if (f.get() instanceof Attempt.Counted) {
                    through++;
                }
            }
        }
        return through;
    }

    @Test
    void a_right_password_takes_the_attempt_back() {
        String email = "ok-" + UUID.randomUUID() + "@example.com";
        UUID id = tx.execute(s -> users.insert(email, "Ok", "{bcrypt}hash", false));
        String address = "192.0.2." + (int) (Math.random() * 250);
        for (int i = 0; i < 30; i++) {
            Attempt attempt = throttle.attempt(email, address);
            assertThat(attempt).isInstanceOf(Attempt.Counted.class);
            throttle.succeeded((Attempt.Counted) attempt, id);
        }
        assertThat(throttle.attempt(email, address))
                .as("30 good sign-ins from one address hold nothing up")
                .isInstanceOf(Attempt.Counted.class);
    }
}
