package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import dev.vlmconsole.billing.plans.Subscriptions.Quote;
import dev.vlmconsole.billing.usage.UsageReports;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The workspace's billing on the machine API, for admin keys (whose owner's role holds
 * {@code billing.read}, and {@code billing.manage} for changes: Owners and Billing members): the
 * plan, cycle, balance and limit ({@code GET /api/v1/billing}), a plan change, the spending limit,
 * the top-up packs and buying one, and daily usage. Money is answered as
 * {@code {"amount": 12.34, "currency": "USD"}} and credits as exact JSON numbers; an amount in a body
 * may be a JSON number, a decimal string or such a money object ({@link BillingJson}).
 *
 * <p>Every call goes through the billing services, which check the permissions, audit and make each
 * change in one transaction; this controller checks them first as well, so that a key that may not
 * is refused before its body is looked at. Errors are the console's problems: bad input a
 * {@code 400} naming each field, a missing permission {@code 403}, another workspace's key id
 * {@code 404}.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class BillingApiController {

    /** Days of daily usage answered when {@code from} is not given. */
    static final int DEFAULT_DAYS = 30;

    private final Subscriptions subscriptions;
    private final TopUps topUps;
    private final UsageReports reports;
    private final BillingProperties settings;
    private final Clock clock;
    private final ConsoleContext context;

    public BillingApiController(
            Subscriptions subscriptions,
            TopUps topUps,
            UsageReports reports,
            BillingProperties settings,
            Clock clock,
            ConsoleContext context) {
        this.subscriptions = subscriptions;
        this.topUps = topUps;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
        this.context = context;
    }

    // ------------------------------------------------------------------------------------------ answers

    /** A plan's id and name. */
    public record PlanRef(String id, String name) {
        static PlanRef of(Plan plan) {
            return new PlanRef(plan.id(), plan.name());
        }
    }

    /** The current cycle: {@code start} its first day, {@code end} the first day of the next (the reset). */
    public record CycleView(LocalDate start, LocalDate end) {}

    /**
     * Credits now; {@code available} is what can be used before usage becomes overage (allowance,
     * grants and top-ups together).
     */
    public record BalanceView(
            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal available,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal allowance,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal grants,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal topUps) {
        static BalanceView of(Balance b) {
            return new BalanceView(b.available(), b.allowance(), b.grants(), b.topUps());
        }
    }

    /** Credits used in the cycle, and how many of them are overage. */
    public record UsageView(
            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal credits,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal overageCredits) {}

    /** The monthly spending limit on usage charges ({@code amount} null: none) and whether it is hard. */
    public record LimitView(
            @JsonSerialize(using = BillingJson.MoneySerializer.class) @Nullable
            Money amount,

            boolean hard) {}

    /** {@code GET /api/v1/billing}: the shape, exactly. */
    public record BillingView(
            PlanRef plan,
            CycleView cycle,
            BalanceView balance,
            UsageView usage,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money upcomingInvoice,

            LimitView limit) {
        static BillingView of(Account a) {
            Balance b = a.balance();
            return new BillingView(
                    PlanRef.of(a.plan()),
                    new CycleView(a.cycleStart(), a.cycleEnd()),
                    BalanceView.of(b),
                    new UsageView(b.cycleUsage(), b.cycleOverage()),
                    a.upcomingInvoice(),
                    new LimitView(a.limit(), a.hardLimit()));
        }
    }

    /**
     * What a plan change did: the plan now ({@code plan}), the plan asked for ({@code requested}), the
     * day it takes effect, whether it waits for the cycle's end ({@code scheduled}: a downgrade), and
     * for an upgrade the fee charged and the allowance granted now for the rest of the cycle.
     */
    public record PlanChangeView(
            PlanRef plan,
            PlanRef requested,
            boolean scheduled,
            LocalDate effective,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money proratedFee,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal proratedAllowance) {}

    /** A top-up pack on offer. */
    public record PackView(
            String id,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal credits,

            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money price) {
        static PackView of(TopUps.Pack p) {
            return new PackView(p.id(), p.credits(), p.price());
        }
    }

    /** One day of usage, in the billing time zone. */
    public record DayView(
            LocalDate day,
            long requests,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal credits) {}

    // ------------------------------------------------------------------------------------------- bodies

    /** The body of a plan change. */
    public record PlanChange(@Nullable String plan) {}

    /**
     * The body of a limit: {@code amount} a number, a decimal string or a money object (null: no
     * limit), {@code hard} whether calls are refused at it (false when absent).
     */
    public record LimitChange(
            @JsonDeserialize(using = BillingJson.AmountDeserializer.class)
            BillingJson.@Nullable Amount amount,

            @Nullable Boolean hard) {}

    /** The body of a top-up. */
    public record TopUpRequest(@Nullable String pack) {}

    // -------------------------------------------------------------------------------------------- calls

    @GetMapping("/billing")
    public BillingView billing() {
        context.require(BillingModule.READ);
        return BillingView.of(subscriptions.account());
    }

    /** Upgrades at once (pro-rated), or schedules a downgrade for the cycle's end. */
    @PutMapping(path = "/billing/plan", consumes = "application/json")
    public PlanChangeView changePlan(@RequestBody(required = false) @Nullable PlanChange body) {
        context.require(BillingModule.MANAGE);
        String planId =
                body == null || body.plan() == null ? "" : body.plan().trim().toLowerCase(Locale.ROOT);
        if (!Plan.IDS.contains(planId)) {
            throw InvalidInputException.of("plan", "plan must be one of " + String.join(", ", Plan.IDS) + ".");
        }
        // the terms as quoted before the change: what the confirmation on the page states
        Quote quote = subscriptions.quotes().stream()
                .filter(q -> q.plan().id().equals(planId))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of("plan", "There is no plan " + planId + "."));
        Account account = subscriptions.changePlan(planId);
        boolean scheduled = !quote.upgrade();
        return new PlanChangeView(
                PlanRef.of(account.plan()),
                PlanRef.of(quote.plan()),
                scheduled,
                quote.effective(),
                scheduled ? Money.zero(settings.currency()) : quote.proratedFee(),
                scheduled ? BigDecimal.ZERO : quote.proratedAllowance());
    }

    /** Cancels a scheduled downgrade; answers the billing state. */
    @DeleteMapping("/billing/plan/scheduled")
    public BillingView cancelScheduledPlan() {
        context.require(BillingModule.MANAGE);
        return BillingView.of(subscriptions.cancelScheduledChange());
    }

    /** Sets the monthly spending limit on usage charges; the alert thresholds stay as they are. */
    @PutMapping(path = "/billing/limit", consumes = "application/json")
    public BillingView setLimit(@RequestBody(required = false) @Nullable LimitChange body) {
        context.require(BillingModule.MANAGE);
        if (body == null) {
            throw InvalidInputException.of(
                    "amount", "Send {\"amount\": 100.00, \"hard\": true} (amount null: no limit).");
        }
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        BigDecimal amount = null;
        if (body.amount() != null) {
            amount = BillingJson.money(body.amount(), settings.currency(), "amount", invalid);
            if (amount != null && amount.signum() < 0) {
                invalid.add("amount", "amount must be 0 or more.");
            }
        }
        boolean hard = Boolean.TRUE.equals(body.hard());
        if (amount == null && hard && !invalid.refused("amount")) {
            invalid.add("hard", "A hard limit needs an amount.");
        }
        invalid.throwIfAny();
        List<Integer> thresholds = subscriptions.account().alertThresholds();
        return BillingView.of(subscriptions.setLimit(amount, hard, thresholds));
    }

    @GetMapping("/billing/packs")
    public List<PackView> packs() {
        context.require(BillingModule.READ);
        return topUps.packs().stream().map(PackView::of).toList();
    }

    /**
     * Buys a pack: {@code 201} with the invoice issued for it; with the offline payment provider its
     * credits are granted at once. The same {@code Idempotency-Key} again answers the first purchase and
     * buys nothing more.
     */
    @PostMapping(path = "/billing/top-ups", consumes = "application/json")
    public ResponseEntity<InvoicesApiController.InvoiceView> topUp(
            @RequestBody(required = false) @Nullable TopUpRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        context.require(BillingModule.MANAGE);
        String pack = body == null || body.pack() == null ? "" : body.pack().trim();
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (pack.isEmpty()) {
            invalid.add("pack", "pack is required: the id of one of GET /api/v1/billing/packs.");
        }
        if (idempotencyKey != null && !IdempotencyKeys.isValid(idempotencyKey)) {
            invalid.add(IdempotencyKeys.HEADER, IdempotencyKeys.RULE);
        }
        invalid.throwIfAny();
        TopUps.Purchase purchase;
        try {
            purchase = topUps.buy(pack, idempotencyKey);
        } catch (InvalidInputException e) {
            throw renamed(e);
        }
        InvoicesApiController.InvoiceView invoice = InvoicesApiController.InvoiceView.of(purchase.invoice());
        return ResponseEntity.created(URI.create("/api/v1/invoices/" + invoice.id()))
                .body(invoice);
    }

    /**
     * Requests and credits per day between {@code from} and {@code to} (inclusive, days of the billing
     * time zone; the last {@value #DEFAULT_DAYS} days up to today when absent), for one key or project
     * when given.
     */
    @GetMapping("/usage/daily")
    public List<DayView> daily(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String keyId,
            @RequestParam(required = false) @Nullable String project) {
        context.require(BillingModule.READ);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        LocalDate today = LocalDate.now(clock.withZone(settings.timeZone()));
        LocalDate end = to == null ? today : day(to, "to", invalid);
        LocalDate start =
                from == null ? (end == null ? null : end.minusDays(DEFAULT_DAYS - 1)) : day(from, "from", invalid);
        UUID key = null;
        if (keyId != null && !keyId.isBlank()) {
            try {
                key = UUID.fromString(keyId.trim());
            } catch (IllegalArgumentException e) {
                invalid.add("keyId", "keyId must be a key id (a UUID).");
            }
        }
        if (start != null && end != null && start.isAfter(end)) {
            invalid.add("from", "from must not be after to.");
        }
        invalid.throwIfAny();
        String onlyProject = project == null || project.isBlank() ? null : project.trim();
        return reports.daily(start, end, key, onlyProject).stream()
                .map(d -> new DayView(d.day(), d.requests(), d.credits()))
                .toList();
    }

    /** The services name the key {@code idempotencyKey} (the page's name); the API's is its header. */
    private static InvalidInputException renamed(InvalidInputException e) {
        return InvalidInputException.of(e.fieldErrors().stream()
                .map(f -> "idempotencyKey".equals(f.field())
                        ? new InvalidInputException.FieldError(IdempotencyKeys.HEADER, f.message())
                        : f)
                .toList());
    }

    private static @Nullable LocalDate day(String text, String field, InvalidInputException.Builder invalid) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            invalid.add(field, field + " must be a day such as 2026-11-29.");
            return null;
        }
    }
}
