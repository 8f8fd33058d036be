package dev.vlmconsole.keys.catalog;

import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_DAILY_REQUESTS;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys module's {@link KeyCatalog}. {@link #find} answers from memory for keys it has read before:
 * a key never changes workspace, and every other change of a key (renamed, revoked, a new expiry) is
 * announced on the key change feed ({@link KeyChangeFeed#TOPIC}), on which this catalog forgets that
 * key; when the feed resumes after an interruption it forgets them all. Whether a key is active is
 * decided at each call from its remembered revocation and expiry. Requests per day are the keys
 * module's counts of {@code VALID} verifications, counted in the days of
 * {@link dev.vlmconsole.api.services.UsageQueries#dayZone()}.
 *
 * <p>Service keys (module-api 1.5, DD037) are created and revoked through the {@link KeyService}, with
 * its permission checks and audit entries: an Owner acting, in the current workspace.
 */
public final class KeysCatalog implements KeyCatalog, ChangeFeed.Listener, SmartLifecycle {

    private static final List<SelectField<?>> FACT_COLUMNS = List.of(
            API_KEYS.ID,
            API_KEYS.WORKSPACE_ID,
            API_KEYS.NAME,
            API_KEYS.DISPLAY_PREFIX,
            API_KEYS.PROJECT,
            API_KEYS.EXPIRES_AT,
            API_KEYS.REVOKED_AT);

    /** What is remembered of one key. */
    private record Known(
            UUID workspaceId,
            String name,
            String prefix,
            @Nullable String project,
            @Nullable Instant expiresAt,
            @Nullable Instant revokedAt) {

        KeyFacts facts(UUID keyId, Instant now) {
            boolean active = revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
            return new KeyFacts(keyId, workspaceId, name, prefix, project, active);
        }
    }

    /** Characters of the secret a key shows after its form ({@code KeyFormat}'s display length). */
    static final int PREFIX_CHARS = 4;

    /** The shown part of a workspace key: brand, scope marker and the first characters of the secret. */
    private static final Pattern KEY_FORM =
            Pattern.compile("[a-z][a-z0-9]{0,15}_(live|admin)_[0-9A-Za-z]{" + PREFIX_CHARS + "}");

    /** The most ids one query asks for. */
    private static final int CHUNK = 1000;

    private final DSLContext db;
    private final TransactionTemplate readOnly;
    private final ChangeFeed feed;
    private final Clock clock;
    private final @Nullable KeyService keyService;
    private final Cache<UUID, Known> known;
    private final AtomicLong generation = new AtomicLong();
    private ChangeFeed.Subscription subscription;
    private volatile boolean running;

    /**
     * A catalog that reads only: {@link #createServiceKey} and {@link #revokeServiceKey} are refused as
     * the contract's defaults are.
     *
     * @param tx       reads keys (a read-only copy of it is used)
     * @param capacity how many keys this node remembers
     */
    public KeysCatalog(DSLContext db, TransactionTemplate tx, ChangeFeed feed, Clock clock, long capacity) {
        this(db, tx, feed, clock, capacity, null);
    }

    /**
     * @param tx         reads keys (a read-only copy of it is used)
     * @param capacity   how many keys this node remembers
     * @param keyService creates and revokes service keys, with its checks and audit entries
     */
    public KeysCatalog(
            DSLContext db,
            TransactionTemplate tx,
            ChangeFeed feed,
            Clock clock,
            long capacity,
            @Nullable KeyService keyService) {
        this.keyService = keyService;
        this.db = db;
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.feed = feed;
        this.clock = clock;
        this.known = Caffeine.newBuilder()
                .maximumSize(capacity)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Map<UUID, KeyFacts> find(Collection<UUID> keyIds) {
        Instant now = clock.instant();
        Map<UUID, KeyFacts> out = new LinkedHashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : keyIds) {
            if (id == null || out.containsKey(id)) {
                continue;
            }
            Known k = known.getIfPresent(id);
            if (k != null) {
                out.put(id, k.facts(id, now));
            } else if (!missing.contains(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        long before = generation.get();
        Map<UUID, Known> read = new HashMap<>();
        readOnly.executeWithoutResult(s -> {
            for (int i = 0; i < missing.size(); i += CHUNK) {
                factRows()
                        .where(API_KEYS.ID.in(missing.subList(i, Math.min(missing.size(), i + CHUNK))))
                        .forEach(r -> read.put(r.get(API_KEYS.ID), known(r)));
            }
        });
        if (generation.get() == before) {
            known.putAll(read);
        }
        read.forEach((id, k) -> out.put(id, k.facts(id, now)));
        return out;
    }

    /** The columns a key's facts are read from, in one place for every lookup. */
    private SelectJoinStep<Record> factRows() {
        return db.select(FACT_COLUMNS).from(API_KEYS);
    }

    @Override
    public List<KeyFacts> keysOf(UUID workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Instant now = clock.instant();
        return readOnly.execute(s -> factRows()
                .where(API_KEYS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID)
                .fetch(r -> known(r).facts(r.get(API_KEYS.ID), now)));
    }

    /**
     * Keys whose shown prefix starts with {@code prefix}: the key form ({@code <brand>_live_} or
     * {@code <brand>_admin_}) and at least {@value #PREFIX_CHARS} characters of the secret, compared
     * case-sensitively. A key shows exactly that many characters, so longer text (a customer reading
     * out more of the key, or all of it) is cut to the shown part, and the lookup is one probe of the
     * index on the shown prefix (keys migration V5). Anything shorter, or not of the key form, finds
     * nothing. Platform keys are not workspace keys and are never found.
     */
    @Override
    public List<KeyFacts> findByPrefix(String prefix, int limit) {
        if (prefix == null || limit <= 0) {
            return List.of();
        }
        Matcher m = KEY_FORM.matcher(prefix.strip());
        if (!m.lookingAt()) {
            return List.of();
        }
        String shown = m.group();
        Instant now = clock.instant();
        return readOnly.execute(s -> factRows()
                .where(API_KEYS.DISPLAY_PREFIX.eq(shown))
                .orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID)
                .limit(limit)
                .fetch(r -> known(r).facts(r.get(API_KEYS.ID), now)));
    }

    @Override
    public Map<LocalDate, Long> dailyRequests(
            UUID workspaceId, @Nullable UUID keyId, @Nullable String project, LocalDate from, LocalDate to) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (from.isAfter(to)) {
            return Map.of();
        }
        Condition where = API_KEYS.WORKSPACE_ID.eq(workspaceId).and(API_KEY_DAILY_REQUESTS.USAGE_DAY.between(from, to));
        if (keyId != null) {
            where = where.and(API_KEYS.ID.eq(keyId));
        }
        if (project != null) {
            where = where.and(API_KEYS.PROJECT.eq(project));
        }
        Condition condition = where;
        Map<LocalDate, Long> out = new LinkedHashMap<>();
        readOnly.executeWithoutResult(s -> db.select(
                        API_KEY_DAILY_REQUESTS.USAGE_DAY, DSL.sum(API_KEY_DAILY_REQUESTS.REQUESTS))
                .from(API_KEY_DAILY_REQUESTS)
                .join(API_KEYS)
                .on(API_KEYS.ID.eq(API_KEY_DAILY_REQUESTS.KEY_ID))
                .where(condition)
                .groupBy(API_KEY_DAILY_REQUESTS.USAGE_DAY)
                .orderBy(API_KEY_DAILY_REQUESTS.USAGE_DAY)
                .forEach(r -> {
                    long n = r.value2() == null ? 0 : r.value2().longValue();
                    if (n > 0) {
                        out.put(r.value1(), n);
                    }
                }));
        return out;
    }

    /** Through {@link KeyService#create}: an Owner acting, in the current workspace, audited and counted. */
    @Override
    public IssuedKey createServiceKey(String name, String scope) {
        if (keyService == null) {
            return KeyCatalog.super.createServiceKey(name, scope);
        }
        KeyService.KeyWithSecret created =
                keyService.create(new KeyService.NewKey(name, null, null, scope, KeyService.OWNER_WORKSPACE));
        ApiKey key = created.key();
        return new IssuedKey(
                new KeyFacts(key.id(), key.workspaceId(), key.name(), key.displayPrefix(), key.project(), true),
                created.secret());
    }

    @Override
    public List<KeyFacts> serviceKeysOf(UUID workspaceId, String scope) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(scope, "scope");
        Instant now = clock.instant();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return readOnly.execute(s -> factRows()
                .where(API_KEYS.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(API_KEYS.OWNER_USER_ID.isNull())
                        .and(API_KEYS.SCOPE.eq(scope))
                        .and(API_KEYS.REVOKED_AT.isNull())
                        .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(at))))
                .orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID)
                .fetch(r -> known(r).facts(r.get(API_KEYS.ID), now)));
    }

    /** Through {@link KeyService#revokeServiceKey}: an Owner acting, a service key of the current workspace. */
    @Override
    public void revokeServiceKey(UUID keyId) {
        if (keyService == null) {
            KeyCatalog.super.revokeServiceKey(keyId);
            return;
        }
        keyService.revokeServiceKey(keyId);
    }

    private static Known known(Record r) {
        return new Known(
                r.get(API_KEYS.WORKSPACE_ID),
                r.get(API_KEYS.NAME),
                r.get(API_KEYS.DISPLAY_PREFIX),
                r.get(API_KEYS.PROJECT),
                instant(r.get(API_KEYS.EXPIRES_AT)),
                instant(r.get(API_KEYS.REVOKED_AT)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void changed(String payload) {
        if (payload.startsWith("k:")) {
            generation.incrementAndGet();
            known.invalidate(UUID.fromString(payload.substring(2)));
        }
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        // what matters most (which workspace a key belongs to) never changes: keep answering
    }

    @Override
    public void resumed() {
        generation.incrementAndGet();
        known.invalidateAll();
    }

    /** Whether {@code keyId} is remembered (for tests). */
    boolean remembers(UUID keyId) {
        return known.getIfPresent(keyId) != null;
    }

    @Override
    public void start() {
        running = true;
        subscription = feed.subscribe(KeyChangeFeed.TOPIC, this);
    }

    @Override
    public void stop() {
        running = false;
        if (subscription != null) {
            subscription.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
