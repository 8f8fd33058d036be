package dev.vlmconsole.bench;

import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.UsageRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The production verifier wired by hand over a benchmark database, with one stored key. */
final class VerifierFixture {

    final KeyFormat format = new KeyFormat("vlm");
    final SecretHasher hasher = new SecretHasher("");
    final KeyStateCache cache = new KeyStateCache(100_000, 100_000, Duration.ofMinutes(10));
    final KeyVerifier verifier;
    final String key;

    VerifierFixture(BenchDatabase database) {
        KeyRepository repo = new KeyRepository(database.db);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource));
        key = format.generate(KeyFormat.Scope.INFERENCE);
        Instant now = Instant.now();
        ApiKey apiKey = new ApiKey(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "bench",
                null,
                "inference",
                format.displayPrefix(key),
                now,
                null,
                null,
                null);
        tx.executeWithoutResult(s -> repo.insert(apiKey, null, hasher.hash(key)));
        // a plan that never limits: the benchmark measures verification, not refusals
        Entitlements unlimited = new Entitlements("bench", "Bench", 1_000_000_000L, Duration.ofMinutes(1), true);
        Clock clock = Clock.systemUTC();
        verifier = new KeyVerifier(
                format,
                hasher,
                cache,
                repo,
                tx,
                ws -> unlimited,
                NoSuspensions.INSTANCE,
                new RateLimiter(null, clock),
                new UsageRecorder(repo, tx, clock),
                clock);
    }
}
