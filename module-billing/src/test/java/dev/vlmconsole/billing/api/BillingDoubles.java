package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.usage.UsageIngestion;
import dev.vlmconsole.billing.usage.UsageReports;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * In-memory doubles of the billing services the API controllers call, which check permissions as
 * the contract says the real ones do (reads {@code billing.read}, changes {@code billing.manage}, only
 * the acting workspace's things), so that the controller tests see the same refusals.
 */
final class BillingDoubles {

    static final Currency USD = Currency.getInstance("USD");

    static final BillingProperties SETTINGS = new BillingProperties(
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

    private BillingDoubles() {}

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    static Plan plan(String id) {
        return switch (id) {
            case Plan.PAYG ->
                new Plan(
                        Plan.PAYG,
                        "Pay-as-you-go",
                        usd("0"),
                        BigDecimal.ZERO,
                        usd("0.01"),
                        List.of(),
                        10,
                        Duration.ofMinutes(1));
            case Plan.PRO ->
                new Plan(
                        Plan.PRO,
                        "Pro",
                        usd("799"),
                        new BigDecimal("100000"),
                        usd("0.008"),
                        List.of(),
                        100,
                        Duration.ofMinutes(1));
            case Plan.ENTERPRISE ->
                new Plan(
                        Plan.ENTERPRISE,
                        "Enterprise",
                        usd("5000"),
                        new BigDecimal("1000000"),
                        usd("0.006"),
                        List.of(),
                        1000,
                        Duration.ofMinutes(1));
            default -> throw new NoSuchElementException(id);
        };
    }

    /**
     * The acting context of the API: a {@link FakeConsoleContext} (people and workspace keys), or a
     * platform key, which acts in no workspace and holds no workspace permission.
     */
    static final class ApiContext implements ConsoleContext {
        final FakeConsoleContext people;
        private volatile @Nullable PlatformKeyPrincipal platformKey;

        ApiContext(FakeConsoleContext people) {
            this.people = people;
        }

        void usePlatformKey(PlatformKeyPrincipal key) {
            people.signOut();
            platformKey = key;
        }

        void useApiKey(ApiKeyPrincipal key) {
            platformKey = null;
            people.useApiKey(key);
        }

        void signOut() {
            platformKey = null;
            people.signOut();
        }

        @Override
        public Actor actor() {
            PlatformKeyPrincipal key = platformKey;
            return key != null
                    ? new Actor(Actor.Kind.API_KEY, key.keyId(), "", "Platform key " + key.name(), false)
                    : people.actor();
        }

        @Override
        public Optional<WorkspaceRef> workspace() {
            return platformKey != null ? Optional.empty() : people.workspace();
        }

        @Override
        public boolean can(String permission) {
            return platformKey == null && people.can(permission);
        }

        @Override
        public Optional<ApiKeyPrincipal> apiKey() {
            return platformKey != null ? Optional.empty() : people.apiKey();
        }

        @Override
        public Optional<PlatformKeyPrincipal> platformKey() {
            return Optional.ofNullable(platformKey);
        }

        @Override
        public Optional<String> sourceAddress() {
            return people.sourceAddress();
        }
    }

    /** Records what was ingested; an id seen before is a duplicate. */
    static final class Ingestion implements UsageIngestion {
        final Map<String, Event> events = new ConcurrentHashMap<>();
        final List<List<Event>> calls = new ArrayList<>();

        @Override
        public synchronized Result ingest(List<Event> batch) {
            calls.add(List.copyOf(batch));
            int accepted = 0;
            for (Event e : batch) {
                if (events.putIfAbsent(e.id(), e) == null) {
                    accepted++;
                }
            }
            return new Result(accepted, batch.size() - accepted);
        }
    }

    /** One workspace's billing state, kept per workspace. */
    static final class State {
        Plan plan = plan(Plan.PRO);

        @Nullable
        Plan scheduled;

        Balance balance = new Balance(
                new BigDecimal("99000.5"),
                new BigDecimal("100"),
                new BigDecimal("10000"),
                LocalDate.of(2026, 11, 1),
                new BigDecimal("1000.5"),
                BigDecimal.ZERO);

        @Nullable
        Money limit;

        boolean hard;
        List<Integer> thresholds = List.of(50, 80, 100);
    }

    /** Plans and limits per workspace, changed as the contract says. */
    static final class FakeSubscriptions implements Subscriptions {
        final ConsoleContext context;
        final Map<UUID, State> states = new ConcurrentHashMap<>();
        final LocalDate today = LocalDate.of(2026, 11, 16);

        FakeSubscriptions(ConsoleContext context) {
            this.context = context;
        }

        State state() {
            return states.computeIfAbsent(context.workspaceId(), w -> new State());
        }

        State state(UUID workspaceId) {
            return states.computeIfAbsent(workspaceId, w -> new State());
        }

        @Override
        public Account account() {
            context.require(BillingModule.READ);
            State s = state();
            return new Account(
                    context.workspaceId(),
                    s.plan,
                    s.scheduled,
                    LocalDate.of(2026, 11, 1),
                    LocalDate.of(2026, 12, 1),
                    s.balance,
                    usd("0"),
                    s.plan.monthlyFee(),
                    s.limit,
                    s.hard,
                    s.thresholds,
                    false);
        }

        @Override
        public List<Quote> quotes() {
            context.require(BillingModule.READ);
            State s = state();
            return Plan.IDS.stream()
                    .map(id -> {
                        Plan p = plan(id);
                        boolean upgrade = s.plan.isUpgradeTo(p);
                        return new Quote(
                                p,
                                p.id().equals(s.plan.id()),
                                upgrade,
                                upgrade ? today : LocalDate.of(2026, 12, 1),
                                upgrade ? p.monthlyFee().times(new BigDecimal("0.5")) : usd("0"),
                                upgrade ? p.allowance().divide(new BigDecimal("2")) : BigDecimal.ZERO,
                                p.monthlyFee());
                    })
                    .toList();
        }

        @Override
        public Account changePlan(String planId) {
            context.require(BillingModule.MANAGE);
            State s = state();
            if (!Plan.IDS.contains(planId) || planId.equals(Plan.ENTERPRISE) || planId.equals(s.plan.id())) {
                throw InvalidInputException.of("plan", "Not a plan to move to: " + planId);
            }
            Plan target = plan(planId);
            if (s.plan.isUpgradeTo(target)) {
                s.plan = target;
                s.scheduled = null;
            } else {
                s.scheduled = target;
            }
            return account();
        }

        @Override
        public Account cancelScheduledChange() {
            context.require(BillingModule.MANAGE);
            state().scheduled = null;
            return account();
        }

        @Override
        public Account setLimit(@Nullable BigDecimal amount, boolean hard, List<Integer> thresholds) {
            context.require(BillingModule.MANAGE);
            State s = state();
            s.limit = amount == null ? null : new Money(amount, USD);
            s.hard = hard;
            s.thresholds = List.copyOf(thresholds);
            return account();
        }

        @Override
        public List<KeyBudget> budgets() {
            context.require(BillingModule.READ);
            return List.of();
        }

        @Override
        public KeyBudget setBudget(UUID keyId, @Nullable BigDecimal monthlyCredits) {
            context.require(BillingModule.MANAGE);
            throw new NoSuchElementException("No such key in this workspace.");
        }
    }

    /** Invoices per workspace; another workspace's are not found. */
    static final class FakeInvoices implements Invoices {
        final ConsoleContext context;
        final Map<UUID, Invoice> issued = new ConcurrentHashMap<>();
        int sequence;

        FakeInvoices(ConsoleContext context) {
            this.context = context;
        }

        @Override
        public synchronized Invoice issue(Draft draft) {
            Money subtotal = draft.lines().stream().map(Line::amount).reduce(usd("0"), Money::plus);
            Invoice invoice = new Invoice(
                    UUID.randomUUID(),
                    "INV-2026-%06d".formatted(++sequence),
                    draft.workspaceId(),
                    draft.kind(),
                    draft.periodStart(),
                    draft.periodEnd(),
                    Instant.parse("2026-11-16T10:00:00Z"),
                    LocalDate.of(2026, 12, 16),
                    List.of("Example Ltd", "1 Main Street"),
                    draft.lines(),
                    subtotal,
                    BigDecimal.ZERO,
                    usd("0"),
                    subtotal,
                    Status.OPEN,
                    null);
            issued.put(invoice.id(), invoice);
            return invoice;
        }

        @Override
        public List<Invoice> list() {
            context.require(BillingModule.READ);
            UUID w = context.workspaceId();
            return issued.values().stream()
                    .filter(i -> i.workspaceId().equals(w))
                    .sorted(Comparator.comparing(Invoice::number).reversed())
                    .toList();
        }

        @Override
        public Invoice get(UUID invoiceId) {
            context.require(BillingModule.READ);
            Invoice i = issued.get(invoiceId);
            if (i == null || !i.workspaceId().equals(context.workspaceId())) {
                throw new NoSuchElementException("No such invoice in this workspace.");
            }
            return i;
        }

        @Override
        public byte[] pdf(UUID invoiceId) {
            return ("%PDF-1.7 " + get(invoiceId).number()).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The configured packs; a purchase issues an invoice, once per idempotency key. */
    static final class FakeTopUps implements TopUps {
        final ConsoleContext context;
        final FakeInvoices invoices;
        final FakeSubscriptions subscriptions;
        final Map<String, Purchase> byKey = new ConcurrentHashMap<>();

        FakeTopUps(ConsoleContext context, FakeInvoices invoices, FakeSubscriptions subscriptions) {
            this.context = context;
            this.invoices = invoices;
            this.subscriptions = subscriptions;
        }

        @Override
        public List<Pack> packs() {
            context.require(BillingModule.READ);
            return SETTINGS.packs().stream()
                    .map(p -> new Pack(p.id(), p.credits(), new Money(p.price(), USD)))
                    .toList();
        }

        @Override
        public synchronized Purchase buy(String packId, @Nullable String idempotencyKey) {
            context.require(BillingModule.MANAGE);
            UUID w = context.workspaceId();
            if (idempotencyKey != null && byKey.containsKey(w + idempotencyKey)) {
                return byKey.get(w + idempotencyKey);
            }
            Pack pack = packs().stream()
                    .filter(p -> p.id().equals(packId))
                    .findFirst()
                    .orElseThrow(() -> InvalidInputException.of("pack", "There is no pack " + packId + "."));
            Invoices.Invoice invoice = invoices.issue(new Invoices.Draft(
                    w,
                    Invoices.Kind.TOP_UP,
                    LocalDate.of(2026, 11, 16),
                    LocalDate.of(2026, 11, 16),
                    List.of(new Invoices.Line(
                            "Top-up: " + pack.credits().toPlainString() + " credits",
                            BigDecimal.ONE,
                            pack.price(),
                            pack.price())),
                    "top-up:" + (idempotencyKey == null ? UUID.randomUUID() : idempotencyKey)));
            State s = subscriptions.state(w);
            Balance b = s.balance;
            s.balance = new Balance(
                    b.allowance(),
                    b.grants(),
                    b.topUps().add(pack.credits()),
                    b.cycleStart(),
                    b.cycleUsage(),
                    b.cycleOverage());
            Purchase purchase = new Purchase(
                    invoice, new PaymentOutcome.AwaitingOfflinePayment(invoice.number(), invoice.dueDate()), true);
            if (idempotencyKey != null) {
                byKey.put(w + idempotencyKey, purchase);
            }
            return purchase;
        }
    }

    /** Daily usage of the workspace's keys; another workspace's key is not found. */
    static final class FakeReports implements UsageReports {
        final ConsoleContext context;
        final Map<UUID, UUID> keyWorkspaces = new ConcurrentHashMap<>();

        @Nullable
        List<Object> lastCall;

        FakeReports(ConsoleContext context) {
            this.context = context;
        }

        @Override
        public List<Day> daily(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
            context.require(BillingModule.READ);
            if (keyId != null && !context.workspaceId().equals(keyWorkspaces.get(keyId))) {
                throw new NoSuchElementException("No such key in this workspace.");
            }
            if (from.isAfter(to) || from.plusDays(MAX_DAYS).isBefore(to)) {
                throw InvalidInputException.of("from", "Pick at most " + MAX_DAYS + " days, from before to.");
            }
            lastCall = new ArrayList<>(List.of(from, to));
            lastCall.add(keyId == null ? "all keys" : keyId);
            lastCall.add(project == null ? "all projects" : project);
            List<Day> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(new Day(d, d.getDayOfMonth(), new BigDecimal(d.getDayOfMonth() + ".000001")));
            }
            return days;
        }

        @Override
        public String csv(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
            throw new UnsupportedOperationException("not called by the API");
        }

        @Override
        public List<String> projects() {
            context.require(BillingModule.READ);
            return List.of();
        }
    }

    /** A clock at noon on 2026-11-16 UTC. */
    static Clock clock() {
        return Clock.fixed(Instant.parse("2026-11-16T12:00:00Z"), ZoneOffset.UTC);
    }

    static PlatformKeyPrincipal platformKey(String... scopes) {
        return new PlatformKeyPrincipal(UUID.randomUUID(), "gateway", Set.of(scopes));
    }
}
