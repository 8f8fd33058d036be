package dev.vlmconsole.app.account;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.app.support.QueryLog;
import dev.vlmconsole.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/** {@code users.last_active_at}: written when a signed-in person makes requests, coalesced (DD012). */
class LastActiveTest extends ConsoleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Autowired
    WebApplicationContext web;

    @Autowired
    LastActiveRecorder recorder;

    @Autowired
    PlatformTransactionManager transactions;

    private MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    @Test
    void a_signed_in_persons_request_is_written_at_the_next_flush() throws Exception {
        TestUser user = newUser();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        mvc.perform(get("/").with(authentication(signedIn(user))));
        recorder.flush();

        assertThat(lastActive(user.id())).isNotNull().isBetween(before, Instant.now());
    }

    @Test
    void vaadins_heartbeat_of_an_idle_tab_and_anonymous_requests_are_not_activity() throws Exception {
        TestUser user = newUser();

        mvc.perform(get("/").queryParam("v-r", "heartbeat")
                .queryParam("v-uiId", "0")
                .with(authentication(signedIn(user))));
        mvc.perform(get("/"));
        recorder.flush();

        assertThat(lastActive(user.id())).isNull();
    }

    @Test
    void many_requests_between_flushes_make_one_write_of_the_latest_time_and_none_before() {
        TestUser user = newUser();
        MutableClock clock = new MutableClock(T0);
        LastActiveRecorder own = new LastActiveRecorder(userRepository, tx, clock);
        for (int i = 0; i < 5; i++) {
            own.record(user.id());
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(lastActive(user.id())).as("nothing written per request").isNull();

        try (QueryLog log = QueryLog.open(db)) {
            own.flush();
            assertThat(log.on("update")).hasSize(1);
        }
        assertThat(lastActive(user.id())).isEqualTo(T0.plusSeconds(8));

        try (QueryLog log = QueryLog.open(db)) {
            own.flush();
            assertThat(log.on("update")).as("nothing new, nothing written").isEmpty();
        }
    }

    @Test
    void a_time_is_never_moved_back_by_a_node_that_saw_an_older_request() {
        TestUser user = newUser();
        MutableClock late = new MutableClock(T0.plusSeconds(60));
        LastActiveRecorder nodeA = new LastActiveRecorder(userRepository, tx, late);
        LastActiveRecorder nodeB = new LastActiveRecorder(userRepository, tx, new MutableClock(T0));
        nodeA.record(user.id());
        nodeB.record(user.id());

        nodeA.flush();
        nodeB.flush();

        assertThat(lastActive(user.id())).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void a_failed_write_is_retried_at_the_next_flush() {
        TestUser user = newUser();
        AtomicInteger failures = new AtomicInteger(1);
        TransactionTemplate flaky = new TransactionTemplate(transactions) {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                if (failures.getAndDecrement() > 0) {
                    throw new TransientDataAccessResourceException("database away");
                }
                return super.execute(action);
            }
        };
        LastActiveRecorder own = new LastActiveRecorder(userRepository, flaky, new MutableClock(T0));
        own.record(user.id());

        own.flush();
        assertThat(lastActive(user.id())).isNull();
        own.flush();

        assertThat(lastActive(user.id())).isEqualTo(T0);
    }

    @Test
    void what_is_left_is_written_at_shutdown() {
        TestUser user = newUser();
        LastActiveRecorder own = new LastActiveRecorder(userRepository, tx, new MutableClock(T0));
        own.start();
        own.record(user.id());

        own.stop();

        assertThat(lastActive(user.id())).isEqualTo(T0);
        assertThat(own.isRunning()).isFalse();
    }

    private static UsernamePasswordAuthenticationToken signedIn(TestUser user) {
        ConsoleUser principal = user.principal();
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    private Instant lastActive(UUID userId) {
        OffsetDateTime at = tx.execute(s -> db.select(USERS.LAST_ACTIVE_AT)
                .from(USERS)
                .where(USERS.ID.eq(userId))
                .fetchOne(USERS.LAST_ACTIVE_AT));
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }
}
