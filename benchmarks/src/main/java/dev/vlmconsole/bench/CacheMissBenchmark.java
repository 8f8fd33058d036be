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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Verification of a stored key that is not in the cache: one indexed read on H2 or PostgreSQL. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CacheMissBenchmark {

    @Param({"h2", "postgres"})
    public String database;

    private BenchDatabase db;
    private VerifierFixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        db = new BenchDatabase(database);
        fixture = new VerifierFixture(db);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        db.close();
    }

    @Benchmark
    public Verification verifyUncachedKey() {
        fixture.cache.distrust();
        return fixture.verifier.verify(fixture.key);
    }
}
