package dev.vlmconsole.billing.caps;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_ALERT_SENT;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_KEY_BUDGET;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing module's {@link Caps}: after every change of a workspace's usage, balance, limit, budget
 * or plan, in the caller's transaction, decides whether the workspace is blocked and which keys have
 * spent their budgets, stores that, tells every node (the change feed, delivered after commit) when it
 * changed, and emails Owners and Billing members when the cycle's usage charges cross an alert
 * threshold for the first time.
 *
 * <p><b>Blocked</b>: a hard limit {@code L} is set, the workspace has no credits left
 * ({@link dev.vlmconsole.billing.ledger.Balance#available()} is 0) and the cycle's overage charges
 * are {@code L} or more. A limit of 0 therefore blocks as soon as the credits are gone; a top-up lifts
 * the block (its credits are used before any further overage). A soft limit never blocks.
 *
 * <p><b>Exhausted key</b>: its credits this cycle (the daily key rollups over the cycle's days) are its
 * monthly budget or more.
 *
 * <p>Cost per call: one locked read of the account row (the caller's transaction has usually locked it
 * already), one read of the given keys' budgets when the workspace has any, and, only once a threshold
 * is crossed and until this node has seen every crossed one recorded, one read of the alerts sent.
 *
 * @see "DD022, docs/decisions/DD022-caps-and-entitlements.md"
 */
public final class CapsService implements Caps {

    private static final Logger log = LoggerFactory.getLogger(CapsService.class);

    private final DSLContext db;
    private final PlanCatalog plans;
    private final EntitlementCache cache;
    private final ChangeFeed feed;
    private final Supplier<MemberDirectory> members;
    private final Supplier<OutboundMail> mail;
    private final Supplier<ConsoleLinks> links;
    private final Currency currency;
    private final Clock clock;

    /** Alert thresholds this node has seen recorded, by workspace, for one cycle. */
    private final Map<UUID, SentAlerts> sent = new ConcurrentHashMap<>();

    private record SentAlerts(LocalDate cycleStart, Set<Integer> thresholds) {}

    public CapsService(
            DSLContext db,
            PlanCatalog plans,
            EntitlementCache cache,
            ChangeFeed feed,
            Supplier<MemberDirectory> members,
            Supplier<OutboundMail> mail,
            Supplier<ConsoleLinks> links,
            Currency currency,
            Clock clock) {
        this.db = db;
        this.plans = plans;
        this.cache = cache;
        this.feed = feed;
        this.members = members;
        this.mail = mail;
        this.links = links;
        this.currency = currency;
        this.clock = clock;
    }

    @Override
    public void afterChange(UUID workspaceId, Collection<UUID> keys) {
        var account = db.select(
                        BILLING_ACCOUNT.PLAN_ID,
                        BILLING_ACCOUNT.CYCLE_START,
                        BILLING_ACCOUNT.CYCLE_END,
                        BILLING_ACCOUNT.SPEND_LIMIT,
                        BILLING_ACCOUNT.LIMIT_HARD,
                        BILLING_ACCOUNT.ALERT_THRESHOLDS,
                        BILLING_ACCOUNT.ALLOWANCE_CREDITS,
                        BILLING_ACCOUNT.GRANT_CREDITS,
                        BILLING_ACCOUNT.TOPUP_CREDITS,
                        BILLING_ACCOUNT.CYCLE_OVERAGE_CREDITS,
                        BILLING_ACCOUNT.BLOCKED)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .forUpdate()
                .fetchOne();
        if (account == null) {
            return; // no account yet: Pay-as-you-go with credits, which is what every node answers
        }
        Plan plan = plans.plan(account.value1(), workspaceId);
        LocalDate cycleStart = account.value2();
        LocalDate cycleEnd = account.value3();
        BigDecimal limit = account.value4();
        boolean hard = account.value5();
        BigDecimal available = account.value7().add(account.value8()).add(account.value9());
        BigDecimal charges = OverageCharges.of(plan, account.value10());
        boolean blocked = isBlocked(limit, hard, available, charges);

        boolean changed = false;
        if (blocked != account.value11()) {
            db.update(BILLING_ACCOUNT)
                    .set(BILLING_ACCOUNT.BLOCKED, blocked)
                    .set(BILLING_ACCOUNT.UPDATED_AT, now())
                    .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                    .execute();
            changed = true;
        }
        Map<UUID, Boolean> exhausted = new LinkedHashMap<>();
        changed |= budgets(workspaceId, keys, cycleStart, cycleEnd, exhausted);
        Entitlements now = EntitlementCache.entitlements(plan, !blocked);
        if (changed || !cache.serves(workspaceId, now, exhausted, keys.isEmpty())) {
            feed.publish(EntitlementCache.TOPIC, workspaceId.toString());
        }
        if (limit != null && limit.signum() > 0 && charges.signum() > 0) {
            alerts(workspaceId, account.value6(), cycleStart, cycleEnd, charges, limit, hard, blocked);
        }
    }

    /** Whether a workspace is refused: see the class comment. */
    static boolean isBlocked(BigDecimal limit, boolean hard, BigDecimal available, BigDecimal charges) {
        return hard && limit != null && available.signum() <= 0 && charges.compareTo(limit) >= 0;
    }

    /**
     * Recomputes the budgets of {@code keys} (every budget of the workspace when empty: a cycle or a
     * budget changed) and stores what changed.
     *
     * @param exhausted filled with each budgeted key's state now, and {@code false} for each key of
     *                  {@code keys} without a budget
     * @return whether any key's state changed
     */
    private boolean budgets(
            UUID workspaceId,
            Collection<UUID> keys,
            LocalDate cycleStart,
            LocalDate cycleEnd,
            Map<UUID, Boolean> exhausted) {
        Condition which = BILLING_KEY_BUDGET.WORKSPACE_ID.eq(workspaceId);
        if (!keys.isEmpty()) {
            which = which.and(BILLING_KEY_BUDGET.KEY_ID.in(keys));
        }
        var spent = DSL.coalesce(DSL.sum(BILLING_DAILY_KEY_USAGE.CREDITS), BigDecimal.ZERO);
        var rows = db.select(
                        BILLING_KEY_BUDGET.KEY_ID,
                        BILLING_KEY_BUDGET.MONTHLY_CREDITS,
                        BILLING_KEY_BUDGET.EXHAUSTED,
                        spent)
                .from(BILLING_KEY_BUDGET)
                .leftJoin(BILLING_DAILY_KEY_USAGE)
                .on(BILLING_DAILY_KEY_USAGE.KEY_ID.eq(BILLING_KEY_BUDGET.KEY_ID))
                .and(BILLING_DAILY_KEY_USAGE.USAGE_DAY.ge(cycleStart))
                .and(BILLING_DAILY_KEY_USAGE.USAGE_DAY.lt(cycleEnd))
                .where(which)
                .groupBy(BILLING_KEY_BUDGET.KEY_ID, BILLING_KEY_BUDGET.MONTHLY_CREDITS, BILLING_KEY_BUDGET.EXHAUSTED)
                .fetch();
        List<UUID> nowExhausted = new ArrayList<>();
        List<UUID> nowFree = new ArrayList<>();
        for (var r : rows) {
            boolean spentIt = r.value4().compareTo(r.value2()) >= 0;
            exhausted.put(r.value1(), spentIt);
            if (spentIt != r.value3()) {
                (spentIt ? nowExhausted : nowFree).add(r.value1());
            }
        }
        for (UUID k : keys) {
            exhausted.putIfAbsent(k, false); // no budget (any more): never exhausted
        }
        setExhausted(nowExhausted, true);
        setExhausted(nowFree, false);
        return !nowExhausted.isEmpty() || !nowFree.isEmpty();
    }

    private void setExhausted(List<UUID> keys, boolean exhausted) {
        if (!keys.isEmpty()) {
            db.update(BILLING_KEY_BUDGET)
                    .set(BILLING_KEY_BUDGET.EXHAUSTED, exhausted)
                    .set(BILLING_KEY_BUDGET.UPDATED_AT, now())
                    .where(BILLING_KEY_BUDGET.KEY_ID.in(keys))
                    .execute();
        }
    }

    /**
     * Records each threshold crossed for the first time this cycle and emails the workspace's Owners
     * and Billing members once about the highest of them. A threshold is recorded with
     * insert-if-absent under the account row's lock, so two nodes never both send it.
     */
    private void alerts(
            UUID workspaceId,
            String thresholdSetting,
            LocalDate cycleStart,
            LocalDate cycleEnd,
            BigDecimal charges,
            BigDecimal limit,
            boolean hard,
            boolean blocked) {
        BigDecimal percentSpent = charges.multiply(BigDecimal.valueOf(100));
        List<Integer> crossed = new ArrayList<>();
        for (int t : thresholds(thresholdSetting)) {
            if (percentSpent.compareTo(limit.multiply(BigDecimal.valueOf(t))) >= 0) {
                crossed.add(t);
            }
        }
        SentAlerts known = sent.get(workspaceId);
        if (crossed.isEmpty()
                || (known != null
                        && known.cycleStart().equals(cycleStart)
                        && known.thresholds().containsAll(crossed))) {
            return;
        }
        Set<Integer> recorded = new TreeSet<>(db.select(BILLING_ALERT_SENT.THRESHOLD)
                .from(BILLING_ALERT_SENT)
                .where(BILLING_ALERT_SENT.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_ALERT_SENT.CYCLE_START.eq(cycleStart))
                .fetch(BILLING_ALERT_SENT.THRESHOLD));
        // only committed rows are remembered: a rolled-back insert must not silence the alert
        sent.put(workspaceId, new SentAlerts(cycleStart, Set.copyOf(recorded)));
        int highest = 0;
        for (int t : crossed) {
            if (!recorded.contains(t)
                    && db.insertInto(BILLING_ALERT_SENT)
                                    .set(BILLING_ALERT_SENT.WORKSPACE_ID, workspaceId)
                                    .set(BILLING_ALERT_SENT.CYCLE_START, cycleStart)
                                    .set(BILLING_ALERT_SENT.THRESHOLD, t)
                                    .set(BILLING_ALERT_SENT.SENT_AT, now())
                                    .onConflictDoNothing()
                                    .execute()
                            == 1) {
                highest = Math.max(highest, t);
            }
        }
        if (highest > 0) {
            send(workspaceId, highest, charges, limit, hard, blocked, cycleEnd);
        }
    }

    private void send(
            UUID workspaceId,
            int threshold,
            BigDecimal charges,
            BigDecimal limit,
            boolean hard,
            boolean blocked,
            LocalDate cycleEnd) {
        OutboundMail outbox = mail.get();
        if (!outbox.isConfigured()) {
            log.info(
                    "Workspace {} crossed {}% of its spending limit; no alert email: {}",
                    workspaceId, threshold, outbox.notConfiguredReason());
            return;
        }
        MemberDirectory directory = members.get();
        String name = directory.workspace(workspaceId).map(WorkspaceRef::name).orElse("(unnamed)");
        String link = links.get().to("billing");
        for (MemberDirectory.MemberDetails m : directory.roster(workspaceId)) {
            if (m.role() == Role.OWNER || m.role() == Role.BILLING) {
                MailMessage message;
                try {
                    message = AlertMail.of(
                            m.email(), name, threshold, charges, limit, currency, hard, blocked, cycleEnd, link);
                } catch (IllegalArgumentException e) {
                    log.warn(
                            "No spending alert for member {} of workspace {}: {}",
                            m.userId(),
                            workspaceId,
                            e.getMessage());
                    continue;
                }
                outbox.queue(message);
            }
        }
    }

    /** The account's thresholds ({@code 50,80,100}); a malformed part is skipped. */
    static List<Integer> thresholds(String setting) {
        List<Integer> out = new ArrayList<>();
        for (String part : setting.split(",")) {
            try {
                int t = Integer.parseInt(part.trim());
                if (t > 0) {
                    out.add(t);
                }
            } catch (NumberFormatException e) {
                // skipped
            }
        }
        return out;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
