package dev.vlmconsole.app.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.vlmconsole.api.services.WorkspaceStatus.Suspension;
import dev.vlmconsole.testsupport.TestChangeFeed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The suspended workspaces in memory (DD027): loaded at start, one workspace re-read on a change-feed
 * message, all of them when the feed resumes; while it is interrupted, what was known is served.
 */
class ConsoleWorkspaceStatusTest {

    final TestChangeFeed feed = new TestChangeFeed();
    final SuspensionRepository repository = mock(SuspensionRepository.class);
    final TransactionTemplate tx = mock(TransactionTemplate.class);
    final UUID early = UUID.randomUUID();
    final UUID later = UUID.randomUUID();
    /** The database's suspensions, changed by the tests as operators elsewhere would. */
    final Map<UUID, Suspension> stored = new ConcurrentHashMap<>();

    ConsoleWorkspaceStatus status;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void start() {
        when(tx.execute(any()))
                .thenAnswer(inv -> ((TransactionCallback<Object>) inv.getArgument(0))
                        .doInTransaction(new SimpleTransactionStatus()));
        doAnswer(inv -> {
                    ((Consumer<TransactionStatus>) inv.getArgument(0)).accept(new SimpleTransactionStatus());
                    return null;
                })
                .when(tx)
                .executeWithoutResult(any());
        stored.put(early, suspension(early));
        when(repository.all()).thenAnswer(inv -> List.copyOf(stored.values()));
        when(repository.find(any())).thenAnswer(inv -> Optional.ofNullable(stored.get(inv.<UUID>getArgument(0))));
        status = new ConsoleWorkspaceStatus(feed, repository, tx);
        status.start();
    }

    @AfterEach
    void stop() {
        status.stop();
    }

    @Test
    void what_is_suspended_at_start_is_known_before_the_first_request() {
        assertThat(status.isSuspended(early)).isTrue();
        assertThat(status.suspension(early).orElseThrow().reason()).isEqualTo("reason of " + early);
        assertThat(status.isSuspended(later)).isFalse();
        assertThat(status.isSuspended(null)).isFalse();
    }

    @Test
    void a_message_re_reads_that_one_workspace() throws InterruptedException {
        stored.put(later, suspension(later));
        feed.publish(ConsoleWorkspaceStatus.TOPIC, later.toString());
        eventually(() -> status.isSuspended(later));

        stored.remove(later);
        feed.publish(ConsoleWorkspaceStatus.TOPIC, later.toString());
        eventually(() -> !status.isSuspended(later));
        assertThat(status.isSuspended(early)).as("the others are left alone").isTrue();
    }

    @Test
    void while_the_feed_is_interrupted_what_was_known_is_served_and_its_resumption_reloads_everything()
            throws InterruptedException {
        feed.interrupt();
        stored.remove(early); // changed elsewhere meanwhile
        stored.put(later, suspension(later));
        assertThat(status.isSuspended(early)).isTrue();
        assertThat(status.isSuspended(later)).isFalse();

        feed.resume();

        eventually(() -> status.isSuspended(later) && !status.isSuspended(early));
    }

    @Test
    void a_message_naming_no_workspace_is_ignored() {
        feed.publish(ConsoleWorkspaceStatus.TOPIC, "not-a-uuid");
        assertThat(status.isSuspended(early)).isTrue();
    }

    private static Suspension suspension(UUID workspaceId) {
        return new Suspension(workspaceId, "reason of " + workspaceId, Instant.parse("2026-11-30T00:00:00Z"));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
