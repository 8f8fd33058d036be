package dev.vlmconsole.billing.plans;

import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_WORKSPACE_USAGE;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.cycles.CycleClose;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The plans and cycles parts wired over one test database with the real ledger: a workspace with an
 * Owner signed in, a clock the test moves, recording doubles of the invoices and caps parts, and an
 * in-memory key catalog.
 */
public final class BillingFixture implements AutoCloseable {

    public static final Currency USD = Currency.getInstance("USD");

    public final ModuleDatabase db;
    public final MutableClock clock;
    public final TestMembers members = new TestMembers();
    public final FakeConsoleContext people;
    public final ConsoleContext context;
    public final RecordingAuditLog audit;
    public final JooqLedger ledger;
    public final BillingCalendar calendar;
    public final BillingProperties settings = defaults();
    public final EnterpriseTerms terms;
    public final PlanCatalog catalog;
    public final CycleCharges charges;
    public final RecordingCaps caps = new RecordingCaps();
    public final TestKeyCatalog keys = new TestKeyCatalog();
    public final RecordingInvoices invoices = new RecordingInvoices();
    public final SubscriptionService subscriptions;
    public final TestWorkspace workspace;
    public final TestPerson owner;

    public BillingFixture(ModuleDatabase database, Instant start) {
        this(database, start, ZoneOffset.UTC);
    }

    /** As {@link #BillingFixture(ModuleDatabase, Instant)}, with cycles and days of {@code zone}. */
    public BillingFixture(ModuleDatabase database, Instant start, ZoneId zone) {
        db = database.migrate(new BillingModule());
        clock = new MutableClock(start);
        people = new FakeConsoleContext(members, new BillingModule());
        context = new OperatorAware(people);
        audit = new RecordingAuditLog(context, clock);
        ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, zone);
        calendar = new BillingCalendar(clock, zone);
        terms = new EnterpriseTerms(db.dsl(), context, audit, db.tx(), calendar, () -> caps);
        catalog = new ConfiguredPlanCatalog(settings, terms);
        charges = new CycleCharges(db.dsl(), catalog, USD, calendar);
        subscriptions = new SubscriptionService(
                db.dsl(), context, catalog, ledger, charges, audit, db.tx(), calendar, USD, () -> keys, () -> caps);
        workspace = members.newWorkspace("Acme");
        owner = members.newMember(workspace, Role.OWNER);
        people.signIn(owner, workspace);
    }

    /** The configured defaults of {@code console.billing.*}. */
    public static BillingProperties defaults() {
        return new BillingProperties(
                USD,
                ZoneOffset.UTC,
                new BigDecimal("100"),
                null,
                new BillingProperties.Payg(new BigDecimal("0.01"), 10, Duration.ofMinutes(1)),
                new BillingProperties.Pro(
                        new BigDecimal("799"),
                        new BigDecimal("100000"),
                        new BigDecimal("0.008"),
                        100,
                        Duration.ofMinutes(1)),
                new BillingProperties.Enterprise(
                        new BigDecimal("5000"),
                        new BigDecimal("1000000"),
                        new BigDecimal("0.006"),
                        1000,
                        Duration.ofMinutes(1)),
                null,
                List.of(50, 80, 100),
                "",
                Duration.ofDays(40));
    }

    /** The workspace's id. */
    public UUID ws() {
        return workspace.id();
    }

    /** A cycle closer over the same database (another node, when several are made). */
    public CycleClose newCycleClose() {
        return new CycleClose(
                db.dsl(), ledger, () -> invoices, catalog, charges, audit, db.tx(), calendar, USD, () -> caps);
    }

    /** Moves the clock to {@code instant} (forward only). */
    public void at(String instant) {
        Instant target = Instant.parse(instant);
        clock.advance(Duration.between(clock.instant(), target));
    }

    /** Signs {@code person} in to the workspace. */
    public void actAs(TestPerson person) {
        people.signIn(person, workspace);
    }

    /** Usage of {@code credits} by the workspace now, as ingestion debits it. */
    public void usage(UUID workspaceId, String credits) {
        db.tx().executeWithoutResult(s -> {
            var account = ledger.lockAccounts(List.of(workspaceId)).get(workspaceId);
            ledger.debitUsage(account, new BigDecimal(credits), clock.instant());
        });
    }

    /** A day's usage of one key in the daily rollups, as ingestion writes them. */
    public void rollup(UUID workspaceId, UUID keyId, LocalDate day, String credits) {
        db.dsl()
                .insertInto(BILLING_DAILY_KEY_USAGE)
                .set(BILLING_DAILY_KEY_USAGE.WORKSPACE_ID, workspaceId)
                .set(BILLING_DAILY_KEY_USAGE.KEY_ID, keyId)
                .set(BILLING_DAILY_KEY_USAGE.USAGE_DAY, day)
                .set(BILLING_DAILY_KEY_USAGE.CREDITS, new BigDecimal(credits))
                .set(BILLING_DAILY_KEY_USAGE.EVENTS, 1L)
                .execute();
        db.dsl()
                .insertInto(BILLING_DAILY_WORKSPACE_USAGE)
                .set(BILLING_DAILY_WORKSPACE_USAGE.WORKSPACE_ID, workspaceId)
                .set(BILLING_DAILY_WORKSPACE_USAGE.USAGE_DAY, day)
                .set(BILLING_DAILY_WORKSPACE_USAGE.CREDITS, new BigDecimal(credits))
                .set(BILLING_DAILY_WORKSPACE_USAGE.EVENTS, 1L)
                .onConflict(BILLING_DAILY_WORKSPACE_USAGE.WORKSPACE_ID, BILLING_DAILY_WORKSPACE_USAGE.USAGE_DAY)
                .doUpdate()
                .set(
                        BILLING_DAILY_WORKSPACE_USAGE.CREDITS,
                        BILLING_DAILY_WORKSPACE_USAGE.CREDITS.plus(new BigDecimal(credits)))
                .execute();
    }

    /** Sets the workspace's tax rate, as operators will. */
    public void taxRate(UUID workspaceId, String percent) {
        ledger.balance(workspaceId);
        db.dsl()
                .execute(
                        "update billing_account set tax_rate = ? where workspace_id = ?",
                        new BigDecimal(percent),
                        workspaceId);
    }

    @Override
    public void close() {
        db.close();
    }

    /** The test's context, where an operator (a person flagged so) holds {@link Permissions#OPERATOR}. */
    private record OperatorAware(FakeConsoleContext people) implements ConsoleContext {

        @Override
        public Actor actor() {
            return people.actor();
        }

        @Override
        public Optional<WorkspaceRef> workspace() {
            return people.workspace();
        }

        @Override
        public boolean can(String permission) {
            if (Permissions.OPERATOR.equals(permission)) {
                try {
                    return people.actor().operator();
                } catch (RuntimeException e) {
                    return false;
                }
            }
            return people.can(permission);
        }

        @Override
        public Optional<ApiKeyPrincipal> apiKey() {
            return people.apiKey();
        }

        @Override
        public Optional<String> sourceAddress() {
            return people.sourceAddress();
        }
    }
}
