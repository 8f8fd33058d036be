package dev.vlmconsole.app.workspaces;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.app.support.Postgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@link MembershipsTests} on a real PostgreSQL, plus the last Owner under real concurrency: two
 * threads, each its own transaction and connection.
 */
@ContextConfiguration(initializers = Postgres.Initializer.class)
class MembershipsOnPostgresTest extends MembershipsTests {

    @Test
    void two_owners_demoting_each_other_at_the_same_moment_leave_one_owner() throws Exception {
        Workspace w = newWorkspace();
        TestUser ann = newMember(w, Role.OWNER);
        TestUser bob = newMember(w, Role.OWNER);
        CountDownLatch annChanged = new CountDownLatch(1);
        CountDownLatch annMayCommit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> annDemotesBob = threads.submit(() -> as(
                    ann,
                    () -> tx.execute(s -> {
                        memberships.changeRole(bob.id(), Role.ADMIN);
                        annChanged.countDown();
                        await(annMayCommit);
                        return null;
                    })));
            assertThat(annChanged.await(10, SECONDS)).isTrue();
            Future<?> bobDemotesAnn = threads.submit(() -> as(bob, () -> memberships.changeRole(ann.id(), Role.ADMIN)));

            assertThatThrownBy(() -> bobDemotesAnn.get(500, MILLISECONDS))
                    .as("Bob's change waits for Ann's to commit")
                    .isInstanceOf(TimeoutException.class);
            annMayCommit.countDown();
            annDemotesBob.get(10, SECONDS);
            assertThatThrownBy(() -> bobDemotesAnn.get(10, SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(PermissionDeniedException.class);
        } finally {
            annMayCommit.countDown();
            threads.shutdownNow();
        }
        assertThat(owners(w)).containsExactly(ann.id());
        assertThat(roleOf(w, bob)).contains(Role.ADMIN);
    }

    @Test
    void owners_racing_to_demote_and_remove_each_other_never_leave_a_workspace_without_owner() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Workspace w = newWorkspace();
                TestUser ann = newMember(w, Role.OWNER);
                TestUser bob = newMember(w, Role.OWNER);
                CyclicBarrier start = new CyclicBarrier(2);
                boolean remove = round % 2 == 1;
                List<Future<?>> both = new ArrayList<>();
                for (TestUser[] pair : new TestUser[][] {{ann, bob}, {bob, ann}}) {
                    both.add(threads.submit(() -> as(pair[0], () -> {
                        start.await(10, SECONDS);
                        if (remove) {
                            memberships.remove(pair[1].id());
                        } else {
                            memberships.changeRole(pair[1].id(), Role.VIEWER);
                        }
                        return null;
                    })));
                }
                int refused = 0;
                for (Future<?> f : both) {
                    try {
                        f.get(20, SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause())
                                .isInstanceOfAny(PermissionDeniedException.class, LastOwnerException.class);
                        refused++;
                    }
                }
                assertThat(refused)
                        .as("round %d: exactly one change wins", round)
                        .isEqualTo(1);
                assertThat(owners(w)).as("round %d", round).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
