package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.Entitlements;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualTime implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    @Test
    void sixty_four_threads_get_exactly_the_limit_in_each_window() throws Exception {
        ManualTime time = new ManualTime();
        RateLimiter limiter = new RateLimiter(null, Clock.systemUTC(), time);
        UUID workspace = UUID.randomUUID();
        Entitlements payg = Entitlements.PAY_AS_YOU_GO;

        assertThat(hammer(limiter, workspace, payg, 64, 50)).isEqualTo(10);
        time.nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(hammer(limiter, workspace, payg, 64, 50))
                .as("still the first window")
                .isZero();
        time.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(hammer(limiter, workspace, payg, 64, 50)).as("second window").isEqualTo(10);
    }

    @Test
    void workspaces_have_separate_windows_and_a_plan_change_gets_a_new_one() {
        RateLimiter limiter = new RateLimiter(null, Clock.systemUTC(), new ManualTime());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryConsume(a, Entitlements.PAY_AS_YOU_GO).allowed())
                    .isTrue();
        }
        RateLimiter.Outcome refused = limiter.tryConsume(a, Entitlements.PAY_AS_YOU_GO);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.status().remaining()).isZero();
        assertThat(refused.status().limit()).isEqualTo(10);
        assertThat(limiter.tryConsume(b, Entitlements.PAY_AS_YOU_GO).allowed()).isTrue();
        Entitlements pro = new Entitlements("pro", "Pro", 100, Duration.ofMinutes(1), true);
        assertThat(limiter.tryConsume(a, pro).allowed()).isTrue();
        assertThat(limiter.peek(a, pro).remaining()).isEqualTo(99);
    }

    @Test
    void reset_points_to_the_end_of_the_window() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        RateLimiter limiter = new RateLimiter(null, clock, new ManualTime());
        RateLimitStatus s = limiter.tryConsume(UUID.randomUUID(), Entitlements.PAY_AS_YOU_GO)
                .status();
        assertThat(s.remaining()).isEqualTo(9);
        assertThat(s.reset()).isBetween(clock.millis() + 59_000, clock.millis() + 60_000);
    }

    @Test
    void a_limit_beyond_what_bucket4j_can_refill_is_treated_as_unlimited_not_as_an_error() {
        RateLimiter limiter = new RateLimiter(null, Clock.systemUTC(), new ManualTime());
        Entitlements huge = new Entitlements("custom", "Custom", Long.MAX_VALUE, Duration.ofSeconds(1), true);
        assertThat(limiter.tryConsume(UUID.randomUUID(), huge).allowed()).isTrue();
    }

    @Test
    void a_zero_limit_refuses_everything() {
        RateLimiter limiter = new RateLimiter(null, Clock.systemUTC(), new ManualTime());
        Entitlements none = new Entitlements("none", "None", 0, Duration.ofMinutes(1), true);
        assertThat(limiter.tryConsume(UUID.randomUUID(), none).allowed()).isFalse();
    }

    private static int hammer(RateLimiter limiter, UUID workspace, Entitlements plan, int threads, int attemptsEach)
            throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < attemptsEach; i++) {
                            if (limiter.tryConsume(workspace, plan).allowed()) {
                                admitted.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            done.await();
        }
        return admitted.get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void while_the_database_is_known_down_the_shared_buckets_are_not_tried() {
        io.github.bucket4j.distributed.proxy.ProxyManager<String> shared =
                Mockito.mock(io.github.bucket4j.distributed.proxy.ProxyManager.class);
        KeyStoreHealth health = new KeyStoreHealth();
        health.down(new IllegalStateException("test"));
        RateLimiter limiter = new RateLimiter(shared, Clock.systemUTC(), new ManualTime(), health);
        UUID workspace = UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryConsume(workspace, Entitlements.PAY_AS_YOU_GO).allowed())
                    .isTrue();
        }
        assertThat(limiter.tryConsume(workspace, Entitlements.PAY_AS_YOU_GO).allowed())
                .as("limited on this node")
                .isFalse();
        assertThat(limiter.peek(workspace, Entitlements.PAY_AS_YOU_GO).remaining())
                .isZero();
        Mockito.verifyNoInteractions(shared);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_shared_store_that_stops_answering_holds_a_verification_about_a_second_not_for_ever() throws Exception {
        io.github.bucket4j.distributed.proxy.ProxyManager<String> shared =
                Mockito.mock(io.github.bucket4j.distributed.proxy.ProxyManager.class);
        CountDownLatch blackHole = new CountDownLatch(1);
        Mockito.when(shared.builder()).thenAnswer(call -> {
            blackHole.await(); // like a read on a connection whose peer is gone without a reset
            throw new IllegalStateException("the link came back");
        });
        KeyStoreHealth health = new KeyStoreHealth();
        RateLimiter limiter = new RateLimiter(shared, Clock.systemUTC(), new ManualTime(), health);
        UUID workspace = UUID.randomUUID();
        try {
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                RateLimiter.Outcome outcome = limiter.tryConsume(workspace, Entitlements.PAY_AS_YOU_GO);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("call %d", i)
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(outcome.allowed())
                        .as("limited on this node meanwhile")
                        .isTrue();
                assertThat(health.isDown())
                        .as("the silent store opened the circuit")
                        .isTrue();
            }
            health.up(); // the change feed's next round trip succeeded: the store is tried again, and waited for a
            // second at most
            long start = System.nanoTime();
            limiter.peek(workspace, Entitlements.PAY_AS_YOU_GO);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            blackHole.countDown();
        }
    }
}
