package dev.vlmconsole.app.signin;

import static dev.vlmconsole.app.db.Tables.LOGIN_FAILURE;
import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.signin.LoginThrottle.Attempt;
import dev.vlmconsole.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in throttling kept in the shared database, with a clock the test moves (DD007). Run on H2
 * and PostgreSQL by the subclasses (each test's rows are rolled back).
 */
@Transactional
abstract class LoginThrottleTests {

    @Autowired
    DSLContext db;

    @Autowired
    UserRepository users;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-15T10:00:00Z"));
    private LoginThrottle throttle;
    private String email;
    private String address;

    @BeforeEach
    void freshSubjects() {
        throttle = new LoginThrottle(db, clock);
        email = "pat-" + UUID.randomUUID() + "@example.com";
        address = randomAddress();
    }

    private static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    private Attempt attempt() {
        return throttle.attempt(email, address);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(attempt()).isInstanceOf(Attempt.Counted.class);
        }
    }

    private static Duration refusedFor(Attempt a) {
        assertThat(a).isInstanceOf(Attempt.Refused.class);
        return ((Attempt.Refused) a).retryAfter();
    }

    @Test
    void five_failures_make_that_address_wait_thirty_seconds_for_that_account_and_no_other_address() {
        fail(5);

        assertThat(refusedFor(attempt())).isEqualTo(Duration.ofSeconds(30));
        assertThat(refusedFor(throttle.attempt(email.toUpperCase(), address)))
                .as("whatever the case")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.attempt(email, "203.0.113.9"))
                .as("from another address")
                .isInstanceOf(Attempt.Counted.class);
        assertThat(throttle.attempt("other-" + email, address))
                .as("another account")
                .isInstanceOf(Attempt.Counted.class);
    }

    @Test
    void each_further_failure_waits_twice_as_long() {
        fail(5);
        clock.advance(Duration.ofSeconds(20));
        assertThat(refusedFor(attempt())).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        fail(1);
        assertThat(refusedFor(attempt())).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        fail(1);
        assertThat(refusedFor(attempt())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void a_refused_attempt_writes_nothing() {
        fail(5);
        int rows = rows();

        for (int i = 0; i < 50; i++) {
            assertThat(attempt()).isInstanceOf(Attempt.Refused.class);
        }

        assertThat(rows()).isEqualTo(rows);
    }

    @Test
    void an_attacker_at_one_address_cannot_stop_the_owner_at_another() {
        String owner = randomAddress();
        int attackerCounted = 0;
        for (int second = 0; second < 2 * 3600; second += 10) { // two hours, a guess every 10 seconds
            if (attempt() instanceof Attempt.Counted) {
                attackerCounted++;
            }
            if (second % 600 == 0) {
                assertThat(throttle.attempt(email, owner))
                        .as("the owner at minute " + second / 60)
                        .isInstanceOf(Attempt.Counted.class);
            }
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(attackerCounted).as("guesses the attacker got in two hours").isLessThan(40);
    }

    @Test
    void a_distributed_attack_gets_at_most_100_failures_an_hour() {
        int counted = 0;
        for (int i = 0; i < 150; i++) {
            if (throttle.attempt(email, "198.51." + i / 250 + "." + i % 250) instanceof Attempt.Counted) {
                counted++;
            }
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(counted).isEqualTo(LoginThrottle.ACCOUNT_CAP);
        assertThat(refusedFor(throttle.attempt(email, randomAddress())))
                .as("until the first failure is an hour old")
                .isEqualTo(Duration.ofSeconds(3600 - 1500));
    }

    @Test
    void the_cap_counts_the_last_hour_whatever_the_clock_says() {
        for (int i = 0; i < 99; i++) {
            assertThat(throttle.attempt(email, randomAddress())).isInstanceOf(Attempt.Counted.class);
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(throttle.attempt(email, randomAddress())).isInstanceOf(Attempt.Counted.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.attempt(email, randomAddress()))
                .as("the 99 are an hour old")
                .isInstanceOf(Attempt.Counted.class);

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 98; i++) {
            assertThat(throttle.attempt(email, randomAddress())).isInstanceOf(Attempt.Counted.class);
        }
        assertThat(throttle.attempt(email, randomAddress()))
                .as("100 within the last hour")
                .isInstanceOf(Attempt.Refused.class);
    }

    @Test
    void an_address_the_owner_signed_in_from_is_not_held_up_by_a_distributed_attack() {
        UUID owner = users.insert(email, "Pat", "{bcrypt}hash", false);
        String home = randomAddress();
        throttle.succeeded((Attempt.Counted) throttle.attempt(email, home), owner);
        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 100; i++) {
            throttle.attempt(email, "198.51.100." + i);
        }
        assertThat(throttle.attempt(email, randomAddress())).isInstanceOf(Attempt.Refused.class);

        assertThat(throttle.attempt(email, home)).isInstanceOf(Attempt.Counted.class);
    }

    @Test
    void a_known_address_still_waits_after_five_failures() {
        UUID owner = users.insert(email, "Pat", "{bcrypt}hash", false);
        throttle.succeeded((Attempt.Counted) attempt(), owner);

        fail(5);

        assertThat(attempt()).isInstanceOf(Attempt.Refused.class);
    }

    @Test
    void a_success_takes_its_attempt_back_and_starts_the_addresss_count_afresh() {
        UUID owner = users.insert(email, "Pat", "{bcrypt}hash", false);
        fail(4);
        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded((Attempt.Counted) attempt(), owner);
        clock.advance(Duration.ofSeconds(1));

        fail(4);

        assertThat(attempt()).isInstanceOf(Attempt.Counted.class);
        assertThat(db.fetchCount(LOGIN_FAILURE, LOGIN_FAILURE.ACCOUNT.eq(email)))
                .as("the success is not a failure")
                .isEqualTo(9);
    }

    @Test
    void twenty_failures_from_one_address_make_it_wait_for_every_account_it_does_not_know() {
        for (int i = 0; i < 20; i++) {
            throttle.attempt("guess-" + i + "-" + email, address);
        }

        assertThat(refusedFor(throttle.attempt("victim-" + email, address))).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.attempt("victim-" + email, randomAddress())).isInstanceOf(Attempt.Counted.class);
    }

    @Test
    void a_name_with_a_control_character_is_refused_before_the_database() {
        assertThatThrownBy(() -> throttle.attempt("nul\u0000" + email, address))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_quiet_hour_forgives_earlier_failures() {
        fail(5);
        clock.advance(Duration.ofMinutes(60));

        fail(5);
    }

    /** Sign-in posts the flood test sends (over two and a half hours whatever their number). */
    int floodPosts() {
        return 10_000;
    }

    @Test
    void a_flood_of_random_names_from_one_address_leaves_at_most_100_rows() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int posts = floodPosts();
        Duration between = Duration.ofMillis(9_000_000 / posts);
        int purgeEvery = (int) (Duration.ofMinutes(10).toMillis() / between.toMillis());
        int most = 0;
        for (int i = 0; i < posts; i++) { // purged every 10 minutes, as in production
            throttle.attempt("r" + i + "-" + UUID.randomUUID() + "@" + tag + ".example", address);
            clock.advance(between);
            if (i % purgeEvery == 0) {
                throttle.purge();
                most = Math.max(most, rowsFor(tag));
            }
        }
        most = Math.max(most, rowsFor(tag));
        assertThat(most).isBetween(1, 100);
    }

    @Test
    void the_purge_deletes_what_no_limit_reads_any_more() {
        fail(5);
        clock.advance(Duration.ofMinutes(59));
        throttle.purge();
        assertThat(rows()).isEqualTo(7);

        clock.advance(Duration.ofMinutes(1));
        throttle.purge();

        assertThat(rows()).isZero();
    }

    @Test
    void waits_double_up_to_fifteen_minutes() {
        assertThat(LoginThrottle.delay(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoginThrottle.delay(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.delay(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(LoginThrottle.delay(5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    /** Rows about this test's account and address. */
    private int rows() {
        return db.fetchCount(LOGIN_FAILURE, LOGIN_FAILURE.ACCOUNT.eq(email).or(LOGIN_FAILURE.ADDRESS.eq(address)))
                + db.fetchCount(LOGIN_THROTTLE, LOGIN_THROTTLE.SUBJECT.in("account:" + email, "address:" + address));
    }

    /** Rows the flood of names tagged {@code tag} from this test's address left. */
    private int rowsFor(String tag) {
        return db.fetchCount(
                        LOGIN_FAILURE,
                        LOGIN_FAILURE.ADDRESS.eq(address).or(LOGIN_FAILURE.ACCOUNT.endsWith("@" + tag + ".example")))
                + db.fetchCount(
                        LOGIN_THROTTLE,
                        LOGIN_THROTTLE
                                .SUBJECT
                                .eq("address:" + address)
                                .or(LOGIN_THROTTLE.SUBJECT.endsWith("@" + tag + ".example")));
    }
}
