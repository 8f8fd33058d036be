package dev.vlmconsole.bench;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.caps.EntitlementCache;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.UsageRecorder;
import dev.vlmconsole.keys.verify.Verification;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verification of a cached key with and without the billing module: the same production
 * {@link KeyVerifier} as {@link CachedVerificationBenchmark}, once with the console's own
 * entitlements (every workspace on one fixed plan, what the console answers without billing:
 * {@code entitlements=none}) and once with billing's {@link EntitlementCache} (the workspace's
 * account, plan and key budgets in memory, kept by the change feed: {@code entitlements=billing}),
 * on a workspace with a billing account and a budget on the key. Plans never limit here: the
 * benchmark measures the path, not refusals. The goal is billing within 10 % of none.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar BillingVerification -t 1} (then {@code -t 2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BillingVerificationBenchmark {

    private static final Currency USD = Currency.getInstance("USD");

    @Param({"none", "billing"})
    public String entitlements;

    private BenchDatabase database;
    private EntitlementCache cache;
    private KeyVerifier verifier;
    private String key;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        database = new BenchDatabase("h2");
        Flyway.configure()
                .dataSource(database.dataSource)
                .locations("classpath:db/migration/billing")
                .table("flyway_schema_history_billing")
                // the keys module's tables are there already, as in the console (one history per module)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        KeyFormat format = new KeyFormat("vlm");
        SecretHasher hasher = new SecretHasher("");
        KeyRepository repo = new KeyRepository(database.db);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource));
        UUID workspaceId = UUID.randomUUID();
        UUID keyId = UUID.randomUUID();
        key = format.generate(KeyFormat.Scope.INFERENCE);
        Instant now = Instant.now();
        ApiKey apiKey = new ApiKey(
                keyId,
                workspaceId,
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
        openAccount(workspaceId, keyId, now);

        Clock clock = Clock.systemUTC();
        EntitlementService service;
        if (entitlements.equals("billing")) {
            TransactionTemplate readOnly =
                    new TransactionTemplate(new DataSourceTransactionManager(database.dataSource));
            readOnly.setReadOnly(true);
            cache = new EntitlementCache(
                    database.db,
                    readOnly,
                    new UnlimitedPlans(),
                    new LiveFeed(),
                    clock,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1));
            cache.start();
            service = cache;
        } else if (entitlements.equals("none")) {
            Entitlements unlimited = new Entitlements("bench", "Bench", 1_000_000_000L, Duration.ofMinutes(1), true);
            service = ws -> unlimited;
        } else {
            throw new IllegalArgumentException("entitlements is none or billing, not " + entitlements);
        }
        verifier = new KeyVerifier(
                format,
                hasher,
                new KeyStateCache(100_000, 100_000, Duration.ofMinutes(10)),
                repo,
                tx,
                service,
                NoSuspensions.INSTANCE,
                new RateLimiter(null, clock),
                new UsageRecorder(repo, tx, clock),
                clock);
        // until the billing cache's first full load is done it reads on demand: wait for it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Verification v;
        do {
            v = verifier.verify(key);
            Thread.sleep(50);
        } while (System.nanoTime() < deadline && !v.valid());
        if (!verifier.verify(key).valid()) {
            throw new IllegalStateException("the benchmark key does not verify: " + v);
        }
        Thread.sleep(500);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (cache != null) {
            cache.close();
        }
        database.close();
    }

    @Benchmark
    public Verification verifyCachedKey() {
        return verifier.verify(key);
    }

    /** A Pro account with credits left, no limit, and a budget on the key far from spent. */
    private void openAccount(UUID workspaceId, UUID keyId, Instant now) throws Exception {
        LocalDate start = LocalDate.now().withDayOfMonth(1);
        try (Connection c = database.dataSource.getConnection();
                PreparedStatement account = c.prepareStatement("insert into billing_account"
                        + " (workspace_id, plan_id, cycle_start, cycle_end, allowance_credits, created_at, updated_at)"
                        + " values (?, 'pro', ?, ?, 100000, ?, ?)");
                PreparedStatement budget = c.prepareStatement(
                        "insert into billing_key_budget"
                                + " (key_id, workspace_id, monthly_credits, exhausted, updated_at) values (?, ?, 1000000, false, ?)")) {
            account.setObject(1, workspaceId);
            account.setObject(2, start);
            account.setObject(3, start.plusMonths(1));
            account.setTimestamp(4, Timestamp.from(now));
            account.setTimestamp(5, Timestamp.from(now));
            account.executeUpdate();
            budget.setObject(1, keyId);
            budget.setObject(2, workspaceId);
            budget.setTimestamp(3, Timestamp.from(now));
            budget.executeUpdate();
        }
    }

    /** The three plans, none of which limits the rate in practice. */
    private static final class UnlimitedPlans implements PlanCatalog {

        private static Plan plan(String id, String name) {
            Money zero = Money.zero(USD);
            return new Plan(
                    id,
                    name,
                    zero,
                    new BigDecimal("100000"),
                    new Money(new BigDecimal("0.01"), USD),
                    List.of(),
                    1_000_000_000L,
                    Duration.ofMinutes(1));
        }

        private final List<Plan> plans =
                List.of(plan(Plan.PAYG, "Pay-as-you-go"), plan(Plan.PRO, "Pro"), plan(Plan.ENTERPRISE, "Enterprise"));

        @Override
        public List<Plan> plans() {
            return plans;
        }

        @Override
        public Plan plan(String planId, UUID workspaceId) {
            return plans.stream()
                    .filter(p -> p.id().equals(planId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No plan " + planId));
        }
    }

    /** A change feed of one node that is live from the start and never delivers a change. */
    private static final class LiveFeed implements ChangeFeed {

        @Override
        public void publish(String topic, String payload) {}

        @Override
        public Subscription subscribe(String topic, Listener listener) {
            listener.resumed();
            return () -> {};
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public Instant lastConfirmed() {
            return Instant.now();
        }
    }
}
