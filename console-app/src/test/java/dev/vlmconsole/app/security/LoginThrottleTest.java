package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.app.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Sign-in throttling against the real database, on a clock of its own (the application's clock is
 * left alone). Every test uses fresh accounts and addresses, so the shared table does not matter.
 */
class LoginThrottleTest extends ConsoleTest {

    @Autowired
    UserDetailsService users;

    private MutableClock clock;
    private LoginThrottle throttle;
    private String address;

    @BeforeEach
    void freshThrottle() {
        clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
        throttle = new LoginThrottle(db, clock);
        address = "198.51.100." + unique();
    }

    @Test
    void lock_grows_from_30_seconds_doubling_up_to_15_minutes() {
        assertThat(LoginThrottle.lockDuration(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoginThrottle.lockDuration(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.lockDuration(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoginThrottle.lockDuration(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(LoginThrottle.lockDuration(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(LoginThrottle.lockDuration(5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.lockDuration(11)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.lockDuration(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void five_failures_lock_the_account_for_30_seconds() {
        String email = email();
        failures(email, 4);
        assertThat(lockedFor(email)).isEmpty();

        failures(email, 1);

        assertThat(lockedFor(email)).contains(Duration.ofSeconds(30));
        assertThat(lockedFor(email, "192.0.2.99")).as("from any address").isPresent();
        clock.advance(Duration.ofSeconds(30));
        assertThat(lockedFor(email)).isEmpty();
    }

    @Test
    void each_further_lock_lasts_twice_as_long() {
        String email = email();
        failures(email, 5);
        clock.advance(Duration.ofSeconds(31));

        failures(email, 5);
        assertThat(lockedFor(email)).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        failures(email, 5);
        assertThat(lockedFor(email)).contains(Duration.ofMinutes(2));
    }

    @Test
    void a_quiet_hour_forgives_earlier_locks() {
        String email = email();
        failures(email, 5);
        clock.advance(Duration.ofHours(1).plusMinutes(1));

        failures(email, 5);

        assertThat(lockedFor(email)).contains(Duration.ofSeconds(30));
    }

    @Test
    void the_address_is_locked_after_20_failures_across_accounts() {
        for (int i = 0; i < 19; i++) {
            failures(email(), 1);
        }
        assertThat(lockedFor(email())).isEmpty();

        failures(email(), 1);

        assertThat(lockedFor(email())).as("any account from that address").contains(Duration.ofSeconds(30));
        assertThat(lockedFor(email(), "192.0.2.99")).as("other addresses").isEmpty();
    }

    @Test
    void a_success_clears_the_accounts_failures() {
        String email = email();
        failures(email, 4);

        tx.executeWithoutResult(s -> throttle.recordSuccess(email));
        failures(email, 4);

        assertThat(lockedFor(email)).isEmpty();
    }

    @Test
    void lock_message_rounds_up_to_whole_minutes() {
        assertThat(ThrottledAuthenticationProvider.lockMessage(Duration.ofSeconds(30)))
                .isEqualTo("Too many failed sign-ins. Try again in 1 minute.");
        assertThat(ThrottledAuthenticationProvider.lockMessage(Duration.ofSeconds(61)))
                .isEqualTo("Too many failed sign-ins. Try again in 2 minutes.");
        assertThat(ThrottledAuthenticationProvider.lockMessage(Duration.ofMinutes(15)))
                .isEqualTo("Too many failed sign-ins. Try again in 15 minutes.");
    }

    @Test
    void a_locked_account_is_refused_even_with_the_right_password_until_the_lock_ends() {
        TestUser user = newUser();
        var provider = new ThrottledAuthenticationProvider(users, encoder, throttle);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> provider.authenticate(attempt(user.email(), "wrong password!!")))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> provider.authenticate(attempt(user.email(), user.password())))
                .isInstanceOf(LockedException.class)
                .hasMessage("Too many failed sign-ins. Try again in 1 minute.");

        clock.advance(Duration.ofSeconds(30));
        Authentication ok = provider.authenticate(attempt(user.email(), user.password()));
        assertThat(ok.isAuthenticated()).isTrue();
        assertThat(lockedFor(user.email())).isEmpty();
    }

    private Authentication attempt(String email, String password) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new WebAuthenticationDetails(address, null));
        return token;
    }

    private static String email() {
        return "throttle-" + unique() + "@example.test";
    }

    private void failures(String email, int n) {
        for (int i = 0; i < n; i++) {
            tx.executeWithoutResult(s -> throttle.recordFailure(email, address));
        }
    }

    private Optional<Duration> lockedFor(String email) {
        return lockedFor(email, address);
    }

    private Optional<Duration> lockedFor(String email, String from) {
        return tx.execute(s -> throttle.lockedFor(email, from));
    }
}
