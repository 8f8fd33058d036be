package dev.vlmconsole.bench;

import dev.vlmconsole.keys.verify.Verification;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process verification of a cached key (format, hash, cache, credits, rate limit, usage count)
 * against its floor: one SHA-256 of the key. Run with {@code -t 1} and {@code -t 2} for per-thread figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CachedVerificationBenchmark {

    private BenchDatabase database;
    private VerifierFixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        database = new BenchDatabase("h2");
        fixture = new VerifierFixture(database);
        if (!fixture.verifier.verify(fixture.key).valid()) {
            throw new IllegalStateException("the benchmark key does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
    }

    @Benchmark
    public Verification verifyCachedKey() {
        return fixture.verifier.verify(fixture.key);
    }

    @Benchmark
    public String sha256OfTheKey() {
        return fixture.hasher.hash(fixture.key);
    }
}
