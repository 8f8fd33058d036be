package dev.vlmconsole.bench;

import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.keys.verify.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One rate-limit check of one workspace on an embedded PostgreSQL: {@code row-lock} is what every
 * verification did before leases (one select-for-update transaction on the bucket's row),
 * {@code leases} the {@link RateLimiter} with the buckets in PostgreSQL, {@code memory} without.
 * The limit never refuses, as in {@code bench/http-verify.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SharedRateLimitBenchmark {

    static final Entitlements UNLIMITED =
            new Entitlements("bench", "Bench", 1_000_000_000, Duration.ofMinutes(1), true);

    @Param({"row-lock", "leases", "memory"})
    public String store;

    private BenchDatabase db;
    private ProxyManager<String> buckets;
    private RateLimiter limiter;
    private final UUID workspace = UUID.randomUUID();
    private final BucketConfiguration configuration = BucketConfiguration.builder()
            .addLimit(l -> l.capacity(1_000_000_000).refillIntervally(1_000_000_000, Duration.ofMinutes(1)))
            .build();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        db = new BenchDatabase("postgres");
        buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(db.dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .clientClock(TimeMeter.SYSTEM_MILLISECONDS)
                .build();
        limiter = new RateLimiter(store.equals("memory") ? null : buckets, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        db.close();
    }

    @Benchmark
    public boolean tryConsume() {
        if (store.equals("row-lock")) {
            return buckets.builder()
                    .build(workspace.toString(), () -> configuration)
                    .tryConsume(1);
        }
        return limiter.tryConsume(workspace, UNLIMITED).allowed();
    }
}
