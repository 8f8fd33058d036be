package dev.vlmconsole.app.sso;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@link DomainClaimsTests} on a real PostgreSQL, plus two Owners of different workspaces asking for one
 * domain at the same moment: each in its own transaction and connection, both past the check, and the
 * unique index decides.
 */
class DomainClaimsOnPostgresTest extends DomainClaimsTests {

    @Override
    ModuleDatabase newDatabase() {
        return ModuleDatabase.postgres();
    }

    @Test
    void two_owners_asking_for_one_domain_at_once_leave_one_claim_and_the_other_a_plain_refusal() throws Exception {
        TestWorkspace acme = members.newWorkspace("Acme");
        TestWorkspace rival = members.newWorkspace("Rival");
        TestPerson ann = ownerOf(acme);
        TestPerson bob = ownerOf(rival);
        CountDownLatch annAsked = new CountDownLatch(1);
        CountDownLatch annMayCommit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            context.signIn(ann, acme);
            Future<Claim> annAsks = threads.submit(() -> inTx(() -> {
                Claim c = claims.request("acme.example", Role.MEMBER);
                annAsked.countDown();
                await(annMayCommit);
                return c;
            }));
            assertThat(annAsked.await(10, SECONDS)).isTrue();
            context.signIn(bob, rival);
            Future<Claim> bobAsks = threads.submit(() -> inTx(() -> claims.request("acme.example", Role.ADMIN)));

            assertThatThrownBy(() -> bobAsks.get(500, MILLISECONDS))
                    .as("Bob's insert waits for Ann's to commit: he did not see her uncommitted claim")
                    .isInstanceOf(TimeoutException.class);
            annMayCommit.countDown();
            Claim won = annAsks.get(10, SECONDS);
            assertThatThrownBy(() -> bobAsks.get(10, SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.messageFor(DomainClaims.DOMAIN))
                                    .hasValueSatisfying(m -> assertThat(m).contains("another workspace")));

            context.signIn(ann, acme);
            assertThat(inTx(claims::ofCurrentWorkspace)).containsExactly(won);
            context.signIn(bob, rival);
            assertThat(inTx(claims::ofCurrentWorkspace)).isEmpty();
            assertThat(rows()).isEqualTo(1);
            assertThat(audit.entries())
                    .as("nothing half-written: Bob's refusal recorded nothing")
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.action()).isEqualTo(ConsoleDomainClaims.REQUESTED);
                        assertThat(e.workspaceId()).isEqualTo(acme.id());
                    });
        } finally {
            annMayCommit.countDown();
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
