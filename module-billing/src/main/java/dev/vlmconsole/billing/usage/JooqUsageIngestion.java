package dev.vlmconsole.billing.usage;

import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_PROJECT_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_WORKSPACE_USAGE;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.billing.db.tables.records.BillingAccountRecord;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.plans.Caps;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage ingestion on the billing tables. A call is validated as a whole first (nothing is stored when
 * one event is bad), then recorded in one transaction of its own, with few statements whatever the
 * number of events:
 *
 * <ol>
 *   <li>the accounts of the workspaces concerned are opened if needed and locked, in ascending id
 *       order: two calls for one workspace are serialised, calls for different workspaces run side by
 *       side, and no two calls wait on each other in a cycle;
 *   <li>the events are inserted, duplicates skipped: on PostgreSQL with one
 *       {@code insert ... on conflict do nothing returning event_id}; elsewhere (H2 has no atomic
 *       equivalent) the ids already stored are read under the lock and the rest inserted in one
 *       statement: an id reported for two workspaces at once can still collide, which fails that
 *       transaction on the primary key and the whole call is retried, finding the id stored;
 *   <li>the new events' credits are added to the per-key, per-project and per-workspace rollups of
 *       their days (the billing zone's), one batch per table;
 *   <li>one usage debit per workspace draws them from its buckets (a few ledger entries per call) and
 *       changes its cached balance;
 *   <li>{@link Caps#afterChange} recomputes each workspace's caps and the touched keys' budgets.
 * </ol>
 *
 * A serialisation failure, deadlock, lock timeout or duplicate key retries the whole transaction (a
 * few times, with a short random pause). The call returns after the commit.
 */
public class JooqUsageIngestion implements UsageIngestion {

    private static final Logger log = LoggerFactory.getLogger(JooqUsageIngestion.class);

    /** How old an event may be. */
    public static final Duration MAX_AGE = Duration.ofDays(35);
    /** How far ahead of this node's clock an event may be. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    /** Most credits one event may consume. */
    public static final BigDecimal MAX_CREDITS = new BigDecimal("1000000000");

    private static final int MAX_ATTEMPTS = 25;

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final JooqLedger ledger;
    private final Supplier<KeyCatalog> keys;
    private final Supplier<Caps> caps;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param keys the key catalog (the keys module's), looked up on use; {@code null} answers: no keys
     * @param caps the caps, looked up on use; {@code null} answers: no caps to keep
     */
    public JooqUsageIngestion(
            DSLContext db,
            PlatformTransactionManager transactions,
            JooqLedger ledger,
            Supplier<KeyCatalog> keys,
            Supplier<Caps> caps,
            Clock clock) {
        this.db = db;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ledger = ledger;
        this.keys = keys;
        this.caps = caps;
        this.clock = clock;
        this.zone = ledger.zone();
    }

    @Override
    public Result ingest(List<Event> events) {
        Instant now = clock.instant();
        Map<UUID, KeyFacts> facts = validate(events, now);
        // Ids stored and committed before stay stored (until long after a replay could be accepted): a
        // call of replays only is answered without taking a lock.
        Set<String> known = storedIds(events);
        if (known.size() == events.size()) {
            return new Result(0, events.size());
        }
        List<Event> unknown = known.isEmpty()
                ? events
                : events.stream().filter(e -> !known.contains(e.id())).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                Result r = tx.execute(status -> record(unknown, facts, clock.instant()));
                return new Result(r.accepted(), events.size() - r.accepted());
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                log.debug("Usage batch retried (attempt {}): {}", attempt, e.toString());
                pause(attempt);
            }
        }
    }

    // ---------------------------------------------------------------- validation

    private Map<UUID, KeyFacts> validate(List<Event> events, Instant now) {
        if (events == null || events.isEmpty()) {
            throw InvalidInputException.of("events", "Send 1 to " + MAX_EVENTS + " events.");
        }
        if (events.size() > MAX_EVENTS) {
            throw InvalidInputException.of(
                    "events", "Send at most " + MAX_EVENTS + " events a call, not " + events.size() + ".");
        }
        Set<UUID> keyIds = new HashSet<>();
        for (Event e : events) {
            if (e != null && e.keyId() != null) {
                keyIds.add(e.keyId());
            }
        }
        KeyCatalog catalog = keys.get();
        Map<UUID, KeyFacts> facts = keyIds.isEmpty() || catalog == null ? Map.of() : catalog.find(keyIds);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        Map<String, Integer> seen = new HashMap<>();
        Instant oldest = now.minus(MAX_AGE);
        Instant latest = now.plus(MAX_AHEAD);
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String at = "events[" + i + "].";
            if (e == null) {
                invalid.add("events[" + i + "]", "Send an event here.");
                continue;
            }
            String idProblem = idProblem(e.id());
            if (idProblem != null) {
                invalid.add(at + "id", idProblem);
            } else {
                Integer first = seen.putIfAbsent(e.id(), i);
                if (first != null) {
                    invalid.add(at + "id", "The same id as events[" + first + "]: send each event once a call.");
                }
            }
            if (e.keyId() == null) {
                invalid.add(at + "keyId", "Give the id of the key that made the call.");
            } else if (!facts.containsKey(e.keyId())) {
                invalid.add(at + "keyId", "No key with this id was ever issued.");
            }
            BigDecimal credits = e.credits();
            if (credits == null) {
                invalid.add(at + "credits", "Give the credits consumed (0 or more).");
            } else if (credits.signum() < 0) {
                invalid.add(at + "credits", "Credits are 0 or more.");
            } else if (credits.stripTrailingZeros().scale() > JooqLedger.SCALE) {
                invalid.add(at + "credits", "Credits carry at most 6 fractional digits.");
            } else if (credits.compareTo(MAX_CREDITS) > 0) {
                invalid.add(at + "credits", "At most " + MAX_CREDITS.toPlainString() + " credits an event.");
            }
            Instant ts = e.timestamp();
            if (ts == null) {
                invalid.add(at + "timestamp", "Give when the call happened.");
            } else if (ts.isBefore(oldest)) {
                invalid.add(at + "timestamp", "Events older than 35 days are not accepted.");
            } else if (ts.isAfter(latest)) {
                invalid.add(at + "timestamp", "The time is more than 5 minutes in the future.");
            }
        }
        invalid.throwIfAny();
        return facts;
    }

    /** Why {@code id} is refused, or {@code null}: 1 to 100 printable ASCII characters. */
    static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "Give the event an id.";
        }
        if (id.length() > 100) {
            return "An id has at most 100 characters.";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "An id has printable ASCII characters only.";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- recording

    private Result record(List<Event> events, Map<UUID, KeyFacts> facts, Instant now) {
        Set<UUID> workspaces = new HashSet<>();
        for (Event e : events) {
            workspaces.add(facts.get(e.keyId()).workspaceId());
        }
        Map<UUID, BillingAccountRecord> accounts = ledger.lockAccounts(workspaces);
        List<Event> fresh = insertNew(events, facts, accounts, now);
        if (fresh.isEmpty()) {
            return new Result(0, events.size());
        }

        Map<UUID, BigDecimal> byWorkspace = new TreeMap<>();
        Map<UUID, Set<UUID>> keysByWorkspace = new TreeMap<>();
        Map<KeyDay, Roll> byKey = new LinkedHashMap<>();
        Map<ProjectDay, Roll> byProject = new LinkedHashMap<>();
        Map<WorkspaceDay, Roll> byWorkspaceDay = new LinkedHashMap<>();
        for (Event e : fresh) {
            KeyFacts f = facts.get(e.keyId());
            UUID ws = f.workspaceId();
            LocalDate day = LocalDate.ofInstant(e.timestamp(), zone);
            BigDecimal credits = JooqLedger.exact(e.credits());
            byWorkspace.merge(ws, credits, BigDecimal::add);
            keysByWorkspace.computeIfAbsent(ws, w -> new LinkedHashSet<>()).add(e.keyId());
            byKey.computeIfAbsent(new KeyDay(ws, e.keyId(), day), k -> new Roll())
                    .add(credits);
            String project = f.project() == null ? "" : f.project();
            byProject
                    .computeIfAbsent(new ProjectDay(ws, project, day), k -> new Roll())
                    .add(credits);
            byWorkspaceDay
                    .computeIfAbsent(new WorkspaceDay(ws, day), k -> new Roll())
                    .add(credits);
        }
        rollKeys(byKey);
        rollProjects(byProject);
        rollWorkspaces(byWorkspaceDay);
        for (Map.Entry<UUID, BigDecimal> w : byWorkspace.entrySet()) {
            ledger.debitUsage(accounts.get(w.getKey()), w.getValue(), now);
        }
        Caps c = caps.get();
        if (c != null) {
            keysByWorkspace.forEach(c::afterChange);
        }
        return new Result(fresh.size(), events.size() - fresh.size());
    }

    /** The ids among {@code events}' that are stored: one query with one array parameter. */
    private Set<String> storedIds(List<Event> events) {
        String[] ids = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).id();
        }
        return db.connectionResult(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select event_id from billing_usage_event where event_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("varchar", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Inserts the events not stored yet and answers them. Plain JDBC: one statement whatever the number
     * of events (PostgreSQL: arrays unnested, duplicates skipped by {@code on conflict do nothing}; H2:
     * the ids stored are read under the workspaces' locks, the rest inserted as one JDBC batch).
     */
    private List<Event> insertNew(
            List<Event> events, Map<UUID, KeyFacts> facts, Map<UUID, BillingAccountRecord> accounts, Instant now) {
        boolean postgres = db.dialect().family() == SQLDialect.POSTGRES;
        List<Event> candidates = events;
        if (!postgres) {
            Set<String> stored = storedIds(events);
            if (!stored.isEmpty()) {
                candidates = new ArrayList<>(events.size() - stored.size());
                for (Event e : events) {
                    if (!stored.contains(e.id())) {
                        candidates.add(e);
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
        }
        List<Event> rows = candidates;
        OffsetDateTime received = now.atOffset(ZoneOffset.UTC);
        return postgres
                ? insertOnPostgres(rows, facts, accounts, received)
                : insertBatch(rows, facts, accounts, received);
    }

    private List<Event> insertOnPostgres(
            List<Event> rows,
            Map<UUID, KeyFacts> facts,
            Map<UUID, BillingAccountRecord> accounts,
            OffsetDateTime received) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] keyIds = new String[n];
        String[] workspaceIds = new String[n];
        String[] credits = new String[n];
        String[] occurred = new String[n];
        String[] cycles = new String[n];
        Boolean[] late = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Event e = rows.get(i);
            UUID ws = facts.get(e.keyId()).workspaceId();
            BillingAccountRecord account = accounts.get(ws);
            ids[i] = e.id();
            keyIds[i] = e.keyId().toString();
            workspaceIds[i] = ws.toString();
            credits[i] = e.credits().toPlainString();
            occurred[i] = e.timestamp().toString();
            cycles[i] = account.getCycleStart().toString();
            late[i] = late(account, e.timestamp());
        }
        Set<String> inserted = db.connectionResult(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("insert into billing_usage_event"
                    + " (event_id, key_id, workspace_id, credits, occurred_at, received_at, cycle_start, late)"
                    + " select u.id, u.k::uuid, u.w::uuid, u.c::numeric, u.o::timestamptz, ?, u.cs::date, u.l"
                    + " from unnest(?::varchar[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])"
                    + " as u(id, k, w, c, o, cs, l)"
                    + " on conflict do nothing returning event_id")) {
                ps.setObject(1, received);
                ps.setArray(2, c.createArrayOf("varchar", ids));
                ps.setArray(3, c.createArrayOf("text", keyIds));
                ps.setArray(4, c.createArrayOf("text", workspaceIds));
                ps.setArray(5, c.createArrayOf("text", credits));
                ps.setArray(6, c.createArrayOf("text", occurred));
                ps.setArray(7, c.createArrayOf("text", cycles));
                ps.setArray(8, c.createArrayOf("boolean", late));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        if (inserted.size() == n) {
            return rows;
        }
        List<Event> fresh = new ArrayList<>(inserted.size());
        for (Event e : rows) {
            if (inserted.contains(e.id())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private List<Event> insertBatch(
            List<Event> rows,
            Map<UUID, KeyFacts> facts,
            Map<UUID, BillingAccountRecord> accounts,
            OffsetDateTime received) {
        db.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into billing_usage_event"
                    + " (event_id, key_id, workspace_id, credits, occurred_at, received_at, cycle_start, late)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Event e : rows) {
                    UUID ws = facts.get(e.keyId()).workspaceId();
                    BillingAccountRecord account = accounts.get(ws);
                    ps.setString(1, e.id());
                    ps.setObject(2, e.keyId());
                    ps.setObject(3, ws);
                    ps.setBigDecimal(4, JooqLedger.exact(e.credits()));
                    ps.setObject(5, e.timestamp().atOffset(ZoneOffset.UTC));
                    ps.setObject(6, received);
                    ps.setObject(7, account.getCycleStart());
                    ps.setBoolean(8, late(account, e.timestamp()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        return rows;
    }

    /**
     * Whether an event happened in a cycle that was closed (invoiced) already: before the open cycle,
     * when that is not the account's first. It is billed in the open cycle all the same.
     */
    private boolean late(BillingAccountRecord account, Instant at) {
        LocalDate cycleStart = account.getCycleStart();
        LocalDate opened = LocalDate.ofInstant(account.getCreatedAt().toInstant(), zone);
        return cycleStart.isAfter(opened)
                && at.isBefore(cycleStart.atStartOfDay(zone).toInstant());
    }

    private void rollKeys(Map<KeyDay, Roll> rolls) {
        var t = BILLING_DAILY_KEY_USAGE;
        upsert(
                rolls,
                (k, r) -> db.update(t)
                        .set(t.CREDITS, t.CREDITS.plus(r.credits))
                        .set(t.EVENTS, t.EVENTS.plus(r.events))
                        .where(t.KEY_ID.eq(k.keyId()))
                        .and(t.USAGE_DAY.eq(k.day())),
                (k, r) -> db.insertInto(t)
                        .set(t.WORKSPACE_ID, k.workspaceId())
                        .set(t.KEY_ID, k.keyId())
                        .set(t.USAGE_DAY, k.day())
                        .set(t.CREDITS, r.credits)
                        .set(t.EVENTS, r.events));
    }

    private void rollProjects(Map<ProjectDay, Roll> rolls) {
        var t = BILLING_DAILY_PROJECT_USAGE;
        upsert(
                rolls,
                (k, r) -> db.update(t)
                        .set(t.CREDITS, t.CREDITS.plus(r.credits))
                        .set(t.EVENTS, t.EVENTS.plus(r.events))
                        .where(t.WORKSPACE_ID.eq(k.workspaceId()))
                        .and(t.PROJECT.eq(k.project()))
                        .and(t.USAGE_DAY.eq(k.day())),
                (k, r) -> db.insertInto(t)
                        .set(t.WORKSPACE_ID, k.workspaceId())
                        .set(t.PROJECT, k.project())
                        .set(t.USAGE_DAY, k.day())
                        .set(t.CREDITS, r.credits)
                        .set(t.EVENTS, r.events));
    }

    private void rollWorkspaces(Map<WorkspaceDay, Roll> rolls) {
        var t = BILLING_DAILY_WORKSPACE_USAGE;
        upsert(
                rolls,
                (k, r) -> db.update(t)
                        .set(t.CREDITS, t.CREDITS.plus(r.credits))
                        .set(t.EVENTS, t.EVENTS.plus(r.events))
                        .where(t.WORKSPACE_ID.eq(k.workspaceId()))
                        .and(t.USAGE_DAY.eq(k.day())),
                (k, r) -> db.insertInto(t)
                        .set(t.WORKSPACE_ID, k.workspaceId())
                        .set(t.USAGE_DAY, k.day())
                        .set(t.CREDITS, r.credits)
                        .set(t.EVENTS, r.events));
    }

    /**
     * Adds to existing rollup rows in one batch of updates, then inserts the rows that were missing in
     * one batch. Safe without an upsert: every rollup row belongs to one workspace, whose account row the
     * transaction holds locked, so nobody else writes it meanwhile.
     */
    private <K> void upsert(Map<K, Roll> rolls, BiFunction<K, Roll, Query> update, BiFunction<K, Roll, Query> insert) {
        List<K> order = new ArrayList<>(rolls.keySet());
        List<Query> updates = new ArrayList<>(order.size());
        for (K k : order) {
            updates.add(update.apply(k, rolls.get(k)));
        }
        int[] counts = updates.size() == 1
                ? new int[] {updates.getFirst().execute()}
                : db.batch(updates).execute();
        List<Query> inserts = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (counts[i] == 0) {
                inserts.add(insert.apply(order.get(i), rolls.get(order.get(i))));
            }
        }
        if (inserts.size() == 1) {
            inserts.getFirst().execute();
        } else if (!inserts.isEmpty()) {
            db.batch(inserts).execute();
        }
    }

    // ---------------------------------------------------------------- retries

    /** A failure that another try of the same transaction may not meet. */
    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException || t instanceof DuplicateKeyException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                int code = s.getErrorCode();
                if (state.equals("40001") // serialization failure (PostgreSQL), deadlock (H2)
                        || state.equals("40P01") // deadlock (PostgreSQL)
                        || state.equals("55P03") // lock not available (PostgreSQL)
                        || state.equals("23505") // duplicate key: an event id inserted meanwhile
                        || state.equals("HYT00") // lock timeout (H2)
                        || code == 50200 // lock timeout (H2)
                        || code == 90131) { // concurrent update (H2)
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 10) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a usage batch", e);
        }
    }

    // ---------------------------------------------------------------- aggregation

    private record KeyDay(UUID workspaceId, UUID keyId, LocalDate day) {}

    private record ProjectDay(UUID workspaceId, String project, LocalDate day) {}

    private record WorkspaceDay(UUID workspaceId, LocalDate day) {}

    /** Credits and events of one rollup row in one call. */
    private static final class Roll {
        BigDecimal credits = BigDecimal.ZERO;
        long events;

        void add(BigDecimal c) {
            credits = credits.add(c);
            events++;
        }
    }
}
