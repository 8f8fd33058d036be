package dev.vlmconsole.app.security;

import dev.vlmconsole.app.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in throttling kept in the shared database, with a clock the test moves. Run on H2 and
 * PostgreSQL by the subclasses (each test's rows are rolled back).
 */
@Transactional
abstract class LoginThrottleTests {

    @Autowired
    DSLContext db;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-15T10:00:00Z"));
    private LoginThrottle throttle;
    private String email;
    private String address;

    @BeforeEach
    void freshSubjects() {
        throttle = new LoginThrottle(db, clock);
        email = "pat-" + UUID.randomUUID() + "@example.com";
        address = "198.51.100." + UUID.randomUUID();
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(email, address);
        }
    }

    @Test
    void four_failures_leave_the_account_open_and_the_fifth_locks_it_for_thirty_seconds() {
        fail(4);
        assertThat(throttle.lockedFor(email, address)).isEmpty();

        fail(1);
        assertThat(throttle.lockedFor(email, address)).contains(Duration.ofSeconds(30));
        assertThat(throttle.lockedFor(email.toUpperCase(), "203.0.113.9")).contains(Duration.ofSeconds(30));
    }

    @Test
    void a_lock_ends_on_time_and_the_next_one_lasts_twice_as_long() {
        fail(5);
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.lockedFor(email, address)).contains(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(11));
        assertThat(throttle.lockedFor(email, address)).isEmpty();

        fail(5);
        assertThat(throttle.lockedFor(email, address)).contains(Duration.ofMinutes(1));
    }

    @Test
    void the_email_counts_whatever_its_case_and_spaces() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(i % 2 == 0 ? email.toUpperCase() : " " + email + " ", address);
        }
        assertThat(throttle.lockedFor(email, address)).isPresent();
    }

    @Test
    void a_success_clears_the_account_but_not_the_address() {
        fail(4);
        throttle.recordSuccess(email);
        fail(4);
        assertThat(throttle.lockedFor(email, address)).isEmpty();

        for (int i = 0; i < 12; i++) {
            throttle.recordFailure("other-" + i + "-" + email, address);
        }
        assertThat(throttle.lockedFor("someone-new@example.com", address)).contains(Duration.ofSeconds(30));
    }

    @Test
    void twenty_failures_from_one_address_lock_it_for_every_account() {
        for (int i = 0; i < 19; i++) {
            throttle.recordFailure("guess-" + i + "-" + email, address);
        }
        assertThat(throttle.lockedFor("victim@example.com", address)).isEmpty();

        throttle.recordFailure("guess-19-" + email, address);
        assertThat(throttle.lockedFor("victim@example.com", address)).contains(Duration.ofSeconds(30));
        assertThat(throttle.lockedFor("victim@example.com", "203.0.113.10")).isEmpty();
    }

    @Test
    void a_quiet_hour_forgives_earlier_failures() {
        fail(4);
        clock.advance(Duration.ofMinutes(61));
        fail(4);
        assertThat(throttle.lockedFor(email, address)).isEmpty();
    }

    @Test
    void locks_double_up_to_fifteen_minutes() {
        assertThat(LoginThrottle.lockDuration(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoginThrottle.lockDuration(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.lockDuration(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(LoginThrottle.lockDuration(5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.lockDuration(60)).isEqualTo(Duration.ofMinutes(15));
    }
}
