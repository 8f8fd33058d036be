package dev.vlmconsole.keys.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeysContexts;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestChangeFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes on one database, joined by one change feed: what one node changes, the other applies at
 * its next call; while the feed is interrupted, the other keeps its answers for at most the maximum
 * staleness.
 */
class PlatformKeysAcrossNodesTest {

    static final Duration STALENESS = Duration.ofSeconds(60);

    final ModuleTestContext spring = KeysContexts.h2();
    final TransactionTemplate tx = spring.database().tx();
    final TestChangeFeed feed = new TestChangeFeed();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final KeyFormat format = spring.bean(KeyFormat.class);
    PlatformKeyVerifier nodeA;
    PlatformKeyVerifier nodeB;
    PlatformKeyService keysOnA;

    @BeforeEach
    void startTwoNodes() {
        nodeA = node();
        nodeB = node();
        keysOnA = new PlatformKeyService(
                spring.bean(PlatformKeyRepository.class),
                format,
                spring.bean(SecretHasher.class),
                nodeA,
                spring.consoleContext(),
                spring.audit(),
                Clock.systemUTC());
        spring.consoleContext().signIn(spring.members().newOperator());
    }

    @AfterEach
    void stopNodes() {
        nodeA.stop();
        nodeB.stop();
    }

    private PlatformKeyVerifier node() {
        PlatformKeyVerifier node = new PlatformKeyVerifier(
                format,
                spring.bean(SecretHasher.class),
                spring.bean(PlatformKeyRepository.class),
                tx,
                feed,
                Clock.systemUTC(),
                STALENESS,
                nanos::get);
        node.start();
        return node;
    }

    /** The service is transactional through Spring's proxy; made by hand here, each call gets its own transaction. */
    private <T> T onA(Supplier<T> call) {
        return tx.execute(s -> call.get());
    }

    @Test
    void a_key_revoked_on_one_node_is_refused_on_the_other_at_its_next_call() {
        var created = onA(() -> keysOnA.create("Gateway", Set.of("usage")));
        assertThat(nodeB.authenticate(created.secret())).isPresent(); // B remembers it now

        onA(() -> keysOnA.revoke(created.key().id()));

        assertThat(nodeB.authenticate(created.secret())).isEmpty();
        assertThat(nodeA.authenticate(created.secret())).isEmpty();
        assertThat(feed.published()).extracting(TestChangeFeed.Published::topic).contains(PlatformKeyVerifier.TOPIC);
    }

    @Test
    void a_key_created_on_one_node_works_on_the_other_even_after_it_was_tried_there_first() {
        String secret = format.generatePlatform();
        assertThat(nodeB.authenticate(secret)).isEmpty(); // B remembers "unknown"

        onA(() -> keysOnA.install(secret, "Bootstrap platform key"));

        assertThat(nodeB.authenticate(secret)).isPresent();
    }

    @Test
    void while_the_feed_is_interrupted_remembered_answers_last_at_most_the_maximum_staleness() {
        var created = onA(() -> keysOnA.create("Gateway", Set.of("usage")));
        assertThat(nodeB.authenticate(created.secret())).isPresent();
        feed.interrupt();
        try {
            onA(() -> keysOnA.revoke(created.key().id())); // the feed does not carry it to B

            nanos.addAndGet(STALENESS.toNanos() / 2);
            assertThat(nodeB.authenticate(created.secret()))
                    .as("within the staleness bound")
                    .isPresent();
            nanos.addAndGet(STALENESS.toNanos());
            assertThat(nodeB.authenticate(created.secret()))
                    .as("past the bound: read again")
                    .isEmpty();
        } finally {
            feed.resume();
        }
        assertThat(nodeB.authenticate(created.secret())).isEmpty();
    }

    @Test
    void when_the_feed_resumes_every_remembered_answer_is_forgotten() {
        var created = onA(() -> keysOnA.create("Gateway", Set.of("usage")));
        assertThat(nodeB.authenticate(created.secret())).isPresent();
        feed.interrupt();
        onA(() -> keysOnA.revoke(created.key().id()));
        assertThat(nodeB.authenticate(created.secret())).isPresent(); // missed, within the bound

        feed.resume();

        assertThat(nodeB.authenticate(created.secret())).isEmpty();
    }
}
