package dev.vlmconsole.app.signin;

import static dev.vlmconsole.app.db.Tables.LOGIN_FAILURE;
import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in through the throttle against the real database, on a clock of its own (the
 * application's clock is left alone). Every test uses fresh accounts and addresses.
 */
class LoginThrottleTest extends ConsoleTest {

    @Autowired
    UserDetailsService users;

    private MutableClock clock;
    private ThrottledAuthenticationProvider provider;
    private String address;

    @BeforeEach
    void freshThrottle() {
        clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
        provider = new ThrottledAuthenticationProvider(users, encoder, new LoginThrottle(db, clock));
        address = "198.51.100." + unique();
    }

    @Test
    void a_paused_address_is_refused_even_the_right_password_while_the_owner_elsewhere_signs_in() {
        TestUser user = newUser();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> provider.authenticate(attempt(user.email(), "wrong password!!", address)))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> provider.authenticate(attempt(user.email(), user.password(), address)))
                .isInstanceOfSatisfying(
                        SignInPausedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(provider.authenticate(attempt(user.email(), user.password(), "192.0.2." + unique()))
                        .isAuthenticated())
                .as("from another address")
                .isTrue();

        clock.advance(Duration.ofSeconds(30));
        assertThat(provider.authenticate(attempt(user.email(), user.password(), address))
                        .isAuthenticated())
                .isTrue();
    }

    @Test
    void a_name_that_is_not_an_email_is_a_wrong_password_and_writes_nothing() {
        int before = rows();
        for (String name : new String[] {
            "admin",
            "",
            "a@b",
            "x".repeat(100_000),
            "x@" + "y".repeat(400) + ".test",
            "' or 1=1 --",
            "two@at@example.test",
            "nul\u0000@example.test",
            "tab\t@example.test"
        }) {
            assertThatThrownBy(() -> provider.authenticate(attempt(name, "whatever password", address)))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void the_pause_is_told_in_whole_minutes_rounded_up() {
        assertThat(SignInPausedException.tryAgainIn(Duration.ofSeconds(30))).isEqualTo("Try again in 1 minute.");
        assertThat(SignInPausedException.tryAgainIn(Duration.ofSeconds(61))).isEqualTo("Try again in 2 minutes.");
        assertThat(SignInPausedException.tryAgainIn(Duration.ofMinutes(15))).isEqualTo("Try again in 15 minutes.");
    }

    @Test
    void ipv6_addresses_count_by_their_64_bit_prefix_and_odd_ones_fit_the_column() {
        assertThat(SignInAddress.of("2001:db8:1:2::5")).isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(SignInAddress.of("2001:db8:1:2:ffff:ffff:ffff:1")).isEqualTo(SignInAddress.of("2001:db8:1:2::5"));
        assertThat(SignInAddress.of("2001:db8:1:3::5")).isNotEqualTo(SignInAddress.of("2001:db8:1:2::5"));
        assertThat(SignInAddress.of("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(SignInAddress.of("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(SignInAddress.of(null)).isEqualTo("unknown");
        assertThat(SignInAddress.of("x".repeat(1000))).hasSize(64);
    }

    private int rows() {
        return db.fetchCount(LOGIN_FAILURE) + db.fetchCount(LOGIN_THROTTLE);
    }

    private static Authentication attempt(String email, String password, String from) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new WebAuthenticationDetails(from, null));
        return token;
    }
}
