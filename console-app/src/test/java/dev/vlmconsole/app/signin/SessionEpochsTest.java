package dev.vlmconsole.app.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ending a person's sessions reaches every node through the stored epoch, within the documented 2 s. */
class SessionEpochsTest extends ConsoleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void another_node_ends_the_sessions_within_two_seconds() {
        SessionEpochs here = new SessionEpochs(db, ticker);
        SessionEpochs there = new SessionEpochs(db, ticker);
        TestUser user = newUser();
        ConsoleUser signedIn = new ConsoleUser(user.id(), user.email(), user.displayName(), false, 0, null);
        assertThat(there.isCurrent(signedIn, null)).isTrue();

        tx.executeWithoutResult(s -> here.endSessions(user.id(), false));

        assertThat(here.isCurrent(signedIn, null))
                .as("on the node that ended them, at once")
                .isFalse();
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(there.isCurrent(signedIn, null))
                .as("another node's cached epoch, still fresh")
                .isTrue();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(there.isCurrent(signedIn, null))
                .as("another node, 2 s later")
                .isFalse();
    }

    @Test
    void a_session_that_kept_itself_past_the_change_stays_and_a_new_sign_in_is_current() {
        SessionEpochs epochs = new SessionEpochs(db, ticker);
        TestUser user = newUser();
        tx.executeWithoutResult(s -> epochs.endSessions(user.id(), false));

        ConsoleUser old = new ConsoleUser(user.id(), user.email(), user.displayName(), false, 0, null);
        assertThat(epochs.isCurrent(old, new SessionEpochs.Kept(user.id(), 1))).isTrue();
        ConsoleUser fresh = new ConsoleUser(user.id(), user.email(), user.displayName(), false, 1, null);
        assertThat(epochs.isCurrent(fresh, null)).isTrue();
        assertThat(epochs.isCurrent(old, null)).isFalse();
    }

    @Test
    void a_person_who_no_longer_exists_has_no_current_session() {
        SessionEpochs epochs = new SessionEpochs(db, ticker);
        ConsoleUser ghost = new ConsoleUser(UUID.randomUUID(), "ghost@example.test", "Ghost", false, 0, null);

        assertThat(epochs.isCurrent(ghost, null)).isFalse();
    }

    @Test
    void an_epoch_kept_by_one_person_does_not_keep_another_signed_in_in_the_same_session() {
        SessionEpochs epochs = new SessionEpochs(db, ticker);
        TestUser attacker = newUser();
        TestUser victim = newUser();
        for (int i = 0; i < 5; i++) { // the attacker moves their own epoch far ahead in this session
            tx.executeWithoutResult(s -> epochs.endSessions(attacker.id(), false));
        }
        SessionEpochs.Kept kept = new SessionEpochs.Kept(attacker.id(), 5);
        ConsoleUser victimHere = new ConsoleUser(victim.id(), victim.email(), victim.displayName(), false, 0, null);
        assertThat(epochs.isCurrent(victimHere, kept))
                .as("signed in as the victim, same session")
                .isTrue();

        tx.executeWithoutResult(s -> epochs.endSessions(victim.id(), false)); // the victim signs out everywhere

        assertThat(epochs.isCurrent(victimHere, kept))
                .as("the attacker's kept epoch does not count for the victim")
                .isFalse();
    }
}
