package dev.vlmconsole.billing.caps;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_KEY_BUDGET;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The billing module's {@link EntitlementService}: every workspace's plan, rate limit, "blocked" flag
 * and exhausted key budgets in memory, so that verification asks a map, never the database.
 *
 * <p>Kept true by the change feed (topic {@link #TOPIC}, payload a workspace id): a change re-reads
 * that workspace on a thread of its own, within milliseconds of the commit on every node. While the
 * feed is live and a full load has completed since it last resumed, the map is <em>trusted</em>. When
 * the feed is interrupted (or before the first load) an entry is served only for
 * {@code maxStaleness} after the last moment it was known to be right (its read, or the feed's
 * {@link ChangeFeed#lastConfirmed()}, whichever is later), the bound the keys module puts on its own
 * cached key states ({@code console.keys.max-staleness}); after that the workspace is read on demand,
 * waiting at most {@code readTimeout}, and a read that fails or times out throws
 * {@link EntitlementsUnavailableException} (verification answers 503, never a stale "has credits").
 *
 * <p>A workspace without an account is on Pay-as-you-go with credits.
 *
 * @see "DD022, docs/decisions/DD022-caps-and-entitlements.md"
 */
public final class EntitlementCache implements EntitlementService, ChangeFeed.Listener, AutoCloseable {

    /** Topic of the billing module's entitlement changes; the payload is a workspace id. */
    public static final String TOPIC = "billing.entitlements";

    private static final Logger log = LoggerFactory.getLogger(EntitlementCache.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(60);

    /**
     * One workspace as verification sees it.
     *
     * @param seq       the read's sequence number (a later read wins over an earlier one)
     * @param readAt    when it was read
     */
    record Entry(
            Entitlements entitlements, Entitlements withoutCredits, Set<UUID> exhausted, long seq, Instant readAt) {}

    private final DSLContext db;
    private final TransactionTemplate readOnly;
    private final PlanCatalog plans;
    private final ChangeFeed feed;
    private final Clock clock;
    private final Duration maxStaleness;
    private final Duration readTimeout;

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final Map<UUID, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService worker;
    private final ExecutorService reads;

    /** Whether the feed is live and a full load completed since it resumed. */
    private volatile boolean trusted;
    /** The feed's last confirmed moment when it was interrupted (or never, before it first resumed). */
    private volatile Instant confirmed = Instant.EPOCH;
    /** When the last complete full load read the accounts: an absent workspace had none then. */
    private volatile @Nullable Instant absentReadAt;
    /** Counts interruptions and resumptions: a load finishing in another epoch does not trust the map. */
    private final AtomicLong epoch = new AtomicLong();

    private volatile @Nullable Entry payg;
    private volatile ChangeFeed.@Nullable Subscription subscription;

    /**
     * @param maxStaleness how long an entry may be served after it was last known right while the feed
     *                     is interrupted (the keys module's {@code console.keys.max-staleness})
     * @param readTimeout  how long an on-demand read may take before the call fails
     */
    public EntitlementCache(
            DSLContext db,
            TransactionTemplate readOnly,
            PlanCatalog plans,
            ChangeFeed feed,
            Clock clock,
            Duration maxStaleness,
            Duration readTimeout) {
        this.db = db;
        this.readOnly = readOnly;
        this.plans = plans;
        this.feed = feed;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
        this.readTimeout = readTimeout;
        this.worker = Executors.newSingleThreadScheduledExecutor(daemon("billing-entitlements"));
        this.reads = Executors.newFixedThreadPool(2, daemon("billing-entitlement-reads"));
    }

    /** Subscribes to the feed; the feed's answer ({@link #resumed()}) starts the first load. */
    public void start() {
        subscription = feed.subscribe(TOPIC, this);
    }

    @Override
    public void close() {
        ChangeFeed.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        worker.shutdownNow();
        reads.shutdownNow();
    }

    // --- the hot path

    @Override
    public Entitlements entitlementsOf(UUID workspaceId) {
        return entry(workspaceId).entitlements();
    }

    @Override
    public Entitlements entitlementsOf(UUID workspaceId, UUID keyId) {
        Entry e = entry(workspaceId);
        return e.exhausted().contains(keyId) ? e.withoutCredits() : e.entitlements();
    }

    private Entry entry(UUID workspaceId) {
        Entry e = entries.get(workspaceId);
        if (trusted) {
            return e != null ? e : payg();
        }
        Instant known = e != null ? e.readAt() : absentReadAt;
        if (known != null) {
            Instant base = known.isAfter(confirmed) ? known : confirmed;
            if (clock.instant().isBefore(base.plus(maxStaleness))) {
                return e != null ? e : payg();
            }
        }
        return readNow(workspaceId);
    }

    /** One read per workspace at a time, however many calls wait for it; each waits at most the timeout. */
    private Entry readNow(UUID workspaceId) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> read = inFlight.putIfAbsent(workspaceId, mine);
        if (read == null) {
            read = mine;
            try {
                reads.execute(() -> {
                    try {
                        mine.complete(refresh(workspaceId));
                    } catch (Throwable t) {
                        mine.completeExceptionally(t);
                    } finally {
                        inFlight.remove(workspaceId, mine);
                    }
                });
            } catch (RejectedExecutionException e) { // closed
                inFlight.remove(workspaceId, mine);
                throw new EntitlementsUnavailableException(e);
            }
        }
        try {
            return read.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntitlementsUnavailableException(e);
        } catch (ExecutionException e) {
            throw new EntitlementsUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            throw new EntitlementsUnavailableException(e);
        }
    }

    // --- what Caps compares against, to publish a change no node has yet

    /**
     * Whether this node serves {@code entitlements} for the workspace and, for each key of
     * {@code keys}, the given exhausted state.
     *
     * @param everyKey whether {@code keys} holds every key with a budget of the workspace, so that a key
     *                 this node holds exhausted and {@code keys} lacks is a difference too
     */
    boolean serves(UUID workspaceId, Entitlements entitlements, Map<UUID, Boolean> keys, boolean everyKey) {
        Entry e = entries.get(workspaceId);
        if (e == null) {
            e = payg();
        }
        if (!e.entitlements().equals(entitlements)) {
            return false;
        }
        for (Map.Entry<UUID, Boolean> k : keys.entrySet()) {
            if (e.exhausted().contains(k.getKey()) != k.getValue()) {
                return false;
            }
        }
        if (everyKey) {
            for (UUID k : e.exhausted()) {
                if (!Boolean.TRUE.equals(keys.get(k))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The entitlements a workspace on {@code plan} has. */
    static Entitlements entitlements(Plan plan, boolean hasCredits) {
        return new Entitlements(plan.id(), plan.name(), plan.rateLimit(), plan.ratePeriod(), hasCredits);
    }

    // --- the feed

    @Override
    public void changed(String payload) {
        UUID workspaceId;
        try {
            workspaceId = UUID.fromString(payload.trim());
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a billing entitlement change that names no workspace: {}", payload);
            return;
        }
        schedule(workspaceId, Duration.ZERO);
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        synchronized (epoch) {
            epoch.incrementAndGet();
            confirmed = lastConfirmed;
            trusted = false;
        }
    }

    @Override
    public void resumed() {
        long current;
        synchronized (epoch) {
            current = epoch.incrementAndGet();
        }
        worker.execute(() -> loadAll(current, Duration.ofSeconds(1)));
    }

    private void schedule(UUID workspaceId, Duration delay) {
        if (pending.add(workspaceId)) {
            worker.schedule(
                    () -> {
                        pending.remove(workspaceId);
                        try {
                            refresh(workspaceId);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "Cannot re-read the entitlements of workspace {} ({}); retrying",
                                    workspaceId,
                                    e.toString());
                            schedule(workspaceId, Duration.ofSeconds(1));
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Reads every account and trusts the map, if the feed stayed live meanwhile; retries with back-off. */
    private void loadAll(long inEpoch, Duration retry) {
        if (epoch.get() != inEpoch) {
            return; // interrupted (or resumed again) since: that epoch's own load follows
        }
        long seq = sequence.incrementAndGet();
        Instant at = clock.instant();
        Map<UUID, Entry> loaded;
        try {
            loaded = readOnly.execute(s -> readAll(seq, at));
        } catch (RuntimeException e) {
            log.warn("Cannot load billing entitlements ({}); retrying in {}", e.toString(), retry);
            Duration next = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            worker.schedule(() -> loadAll(inEpoch, next), retry.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        loaded.forEach(this::put);
        entries.entrySet().removeIf(e -> e.getValue().seq() < seq && !loaded.containsKey(e.getKey()));
        absentReadAt = at;
        synchronized (epoch) { // not after an interruption that came meanwhile
            if (epoch.get() == inEpoch && feed.isLive()) {
                trusted = true;
            }
        }
    }

    private Map<UUID, Entry> readAll(long seq, Instant at) {
        Map<UUID, Set<UUID>> exhausted = new HashMap<>();
        db.select(BILLING_KEY_BUDGET.WORKSPACE_ID, BILLING_KEY_BUDGET.KEY_ID)
                .from(BILLING_KEY_BUDGET)
                .where(BILLING_KEY_BUDGET.EXHAUSTED.isTrue())
                .forEach(r -> exhausted
                        .computeIfAbsent(r.value1(), k -> new HashSet<>())
                        .add(r.value2()));
        Map<UUID, Entry> loaded = new HashMap<>();
        Map<String, Plan> configured = configuredPlans();
        db.select(BILLING_ACCOUNT.WORKSPACE_ID, BILLING_ACCOUNT.PLAN_ID, BILLING_ACCOUNT.BLOCKED)
                .from(BILLING_ACCOUNT)
                .forEach(r -> {
                    UUID ws = r.value1();
                    Plan plan = configured.get(r.value2());
                    if (plan == null) {
                        plan = plans.plan(r.value2(), ws); // Enterprise: this workspace's own terms
                    }
                    loaded.put(ws, entry(plan, r.value3(), exhausted.getOrDefault(ws, Set.of()), seq, at));
                });
        return loaded;
    }

    /** Reads one workspace now and keeps it (unless a later read was kept meanwhile). */
    private Entry refresh(UUID workspaceId) {
        long seq = sequence.incrementAndGet();
        Instant at = clock.instant();
        Entry read = readOnly.execute(s -> {
            var account = db.select(BILLING_ACCOUNT.PLAN_ID, BILLING_ACCOUNT.BLOCKED)
                    .from(BILLING_ACCOUNT)
                    .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                    .fetchOne();
            if (account == null) {
                return withSeq(payg(), seq, at);
            }
            Set<UUID> exhausted = Set.copyOf(db.select(BILLING_KEY_BUDGET.KEY_ID)
                    .from(BILLING_KEY_BUDGET)
                    .where(BILLING_KEY_BUDGET.WORKSPACE_ID.eq(workspaceId))
                    .and(BILLING_KEY_BUDGET.EXHAUSTED.isTrue())
                    .fetch(BILLING_KEY_BUDGET.KEY_ID));
            return entry(plans.plan(account.value1(), workspaceId), account.value2(), exhausted, seq, at);
        });
        return put(workspaceId, read);
    }

    private Entry put(UUID workspaceId, Entry read) {
        return entries.merge(workspaceId, read, (old, now) -> now.seq() >= old.seq() ? now : old);
    }

    private Map<String, Plan> configuredPlans() {
        Map<String, Plan> byId = new HashMap<>();
        for (Plan p : plans.plans()) {
            if (!Plan.ENTERPRISE.equals(p.id())) {
                byId.put(p.id(), p);
            }
        }
        return byId;
    }

    private Entry payg() {
        Entry e = payg;
        if (e == null) {
            Plan plan = plans.plans().stream()
                    .filter(p -> Plan.PAYG.equals(p.id()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Pay-as-you-go plan in the catalog"));
            e = entry(plan, false, Set.of(), 0, Instant.EPOCH);
            payg = e;
        }
        return e;
    }

    private static Entry entry(Plan plan, boolean blocked, Set<UUID> exhausted, long seq, Instant at) {
        Entitlements without = entitlements(plan, false);
        return new Entry(blocked ? without : entitlements(plan, true), without, Set.copyOf(exhausted), seq, at);
    }

    private static Entry withSeq(Entry e, long seq, Instant at) {
        return new Entry(e.entitlements(), e.withoutCredits(), e.exhausted(), seq, at);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** For tests: whether the map is trusted now. */
    boolean isTrusted() {
        return trusted;
    }

    /** For tests: waits until the background work queued so far is done. */
    void awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        do {
            try {
                worker.submit(() -> {}).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("The entitlement worker is still busy", e);
            }
        } while (!pending.isEmpty() && System.nanoTime() < deadline);
    }
}
