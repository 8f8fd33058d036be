package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.db.tables.records.BillingSalesRequestRecord;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.invoices.BillingOperations.SalesRequest;
import dev.vlmconsole.billing.invoices.ProfileRepository.StoredProfile;
import dev.vlmconsole.billing.ledger.Ledger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;

/**
 * The billing module's {@link BillingProfiles}: profiles in {@code billing_profile}, the tax rate in
 * the ledger's {@code billing_account.tax_rate}, "Contact sales" requests in
 * {@code billing_sales_request}, mailed to {@code console.billing.sales-email} when it is set.
 */
public class BillingProfileService implements BillingProfiles {

    private static final Logger log = LoggerFactory.getLogger(BillingProfileService.class);

    static final int MAX_COMPANY = 200;
    static final int MAX_ADDRESS = 1000;
    static final int MAX_ADDRESS_LINES = 8;
    static final int MAX_TAX_ID = 50;
    static final int MAX_EMAIL = 254;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_REASON = 500;
    /** "Contact sales" requests a workspace may send in 24 hours. */
    static final int SALES_REQUESTS_PER_DAY = 5;

    private static final Pattern TAX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./-]*");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n]]");

    private final ProfileRepository profiles;
    private final InvoiceRepository accounts;
    private final ConsoleContext context;
    private final MemberDirectory directory;
    private final Supplier<Ledger> ledger;
    private final Supplier<@Nullable OutboundMail> mail;
    private final Supplier<@Nullable ConsoleLinks> links;
    private final AuditLog audit;
    private final Clock clock;
    private final BillingProperties settings;

    public BillingProfileService(
            ProfileRepository profiles,
            InvoiceRepository accounts,
            ConsoleContext context,
            MemberDirectory directory,
            Supplier<Ledger> ledger,
            Supplier<@Nullable OutboundMail> mail,
            Supplier<@Nullable ConsoleLinks> links,
            AuditLog audit,
            Clock clock,
            BillingProperties settings) {
        this.profiles = profiles;
        this.accounts = accounts;
        this.context = context;
        this.directory = directory;
        this.ledger = ledger;
        this.mail = mail;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    @Transactional(readOnly = true)
    public Profile profile() {
        context.require(BillingModule.READ);
        UUID ws = context.workspaceId();
        StoredProfile p = profiles.profile(ws).orElse(new StoredProfile("", "", "", ""));
        return new Profile(
                p.companyName(),
                p.address(),
                p.taxId(),
                p.invoiceEmail(),
                accounts.taxRate(ws).stripTrailingZeros());
    }

    @Override
    @Transactional
    public Profile save(String companyName, String address, String taxId, String invoiceEmail) {
        context.require(BillingModule.MANAGE);
        WorkspaceRef workspace = context.requireWorkspace();
        StoredProfile next = validate(companyName, address, taxId, invoiceEmail);
        StoredProfile before = profiles.profile(workspace.id()).orElse(new StoredProfile("", "", "", ""));
        if (!next.equals(before)) {
            Actor actor = context.actor();
            profiles.save(workspace.id(), next, clock.instant(), actor.displayName());
            audit.record(
                    InvoiceAudit.PROFILE_SAVED,
                    AuditTarget.of(InvoiceAudit.PROFILE, workspace.id(), workspace.name()),
                    "changed " + changed(before, next));
        }
        return profile();
    }

    @Override
    @Transactional
    public void setTaxRate(UUID workspaceId, BigDecimal percent, @Nullable String reason) {
        context.require(Permissions.OPERATOR);
        Objects.requireNonNull(workspaceId, "workspaceId");
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (percent == null
                || percent.signum() < 0
                || percent.compareTo(BigDecimal.valueOf(100)) > 0
                || percent.stripTrailingZeros().scale() > 4) {
            invalid.add("taxRate", "Enter a percentage from 0 to 100, with at most 4 decimals.");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            invalid.add("reason", "At most " + MAX_REASON + " characters.");
        }
        invalid.throwIfAny();
        WorkspaceRef workspace =
                directory.workspace(workspaceId).orElseThrow(() -> new NoSuchElementException("No such workspace"));
        BigDecimal was = accounts.taxRate(workspaceId);
        if (!accounts.hasAccount(workspaceId)) {
            ledger.get().balance(workspaceId); // opens the account, on Pay-as-you-go
        }
        Actor actor = context.actor().asOperator();
        if (!accounts.setTaxRate(workspaceId, percent, clock.instant())) {
            throw new IllegalStateException("The ledger opened no account for " + workspaceId);
        }
        audit.record(new AuditEntry(
                workspaceId,
                actor,
                InvoiceAudit.TAX_RATE_SET,
                AuditTarget.workspace(workspaceId, workspace.name()),
                "tax rate " + percent.stripTrailingZeros().toPlainString() + " % (was "
                        + was.stripTrailingZeros().toPlainString() + " %)" + (why.isEmpty() ? "" : ": " + why),
                context.sourceAddress().orElse("")));
    }

    @Override
    @Transactional
    public void contactSales(String message) {
        context.require(BillingModule.MANAGE);
        WorkspaceRef workspace = context.requireWorkspace();
        String text = message == null
                ? ""
                : CONTROL.matcher(message.replace("\r\n", "\n")).replaceAll("").strip();
        if (text.isEmpty()) {
            throw InvalidInputException.of("message", "Tell us what you need: volume, terms, deployment.");
        }
        if (text.length() > MAX_MESSAGE) {
            throw InvalidInputException.of("message", "At most " + MAX_MESSAGE + " characters.");
        }
        Instant now = clock.instant();
        if (profiles.salesRequestsSince(workspace.id(), now.minus(Duration.ofDays(1))) >= SALES_REQUESTS_PER_DAY) {
            throw InvalidInputException.of(
                    "message",
                    "This workspace sent " + SALES_REQUESTS_PER_DAY + " requests today; we will answer them.");
        }
        Actor actor = context.actor();
        BillingSalesRequestRecord row = new BillingSalesRequestRecord();
        row.setId(UUID.randomUUID());
        row.setWorkspaceId(workspace.id());
        row.setWorkspaceName(cut(workspace.name(), 200));
        row.setRequestedBy(actor.id());
        row.setRequesterEmail(cut(actor.email(), 254));
        row.setRequesterName(cut(actor.displayName(), 200));
        row.setMessage(text);
        row.setStatus(RequestStatus.OPEN.name());
        row.setCreatedAt(InvoiceRepository.at(now));
        profiles.insertSalesRequest(row);
        audit.record(
                InvoiceAudit.SALES_REQUESTED,
                AuditTarget.of(InvoiceAudit.SALES_REQUEST, row.getId(), "Contact sales"),
                "Enterprise enquiry");
        mailSales(row);
    }

    private void mailSales(BillingSalesRequestRecord row) {
        String to = settings.salesEmail().strip();
        if (to.isEmpty()) {
            return;
        }
        OutboundMail outbox = mail.get();
        if (outbox == null || !outbox.isConfigured()) {
            log.warn("console.billing.sales-email is set but no mail server is configured: the request is stored only");
            return;
        }
        ConsoleLinks l = links.get();
        String text = "An Enterprise enquiry from the workspace \"" + row.getWorkspaceName() + "\" ("
                + row.getWorkspaceId() + ").\n\n"
                + "From: " + row.getRequesterName() + " <" + row.getRequesterEmail() + ">\n"
                + "Sent: " + row.getCreatedAt().toInstant() + "\n\n"
                + row.getMessage() + "\n"
                + (l == null ? "" : "\nThe console: " + l.to() + "\n");
        outbox.queue(new MailMessage(
                to, "Enterprise enquiry from " + oneLine(row.getWorkspaceName()), text, null, "billing.sales_request"));
    }

    /** {@link BillingOperations#salesRequests}. */
    @Transactional(readOnly = true)
    public List<SalesRequest> salesRequests() {
        context.require(Permissions.OPERATOR);
        return profiles.salesRequests(500).stream()
                .map(BillingProfileService::view)
                .toList();
    }

    /** {@link BillingOperations#markHandled}. */
    @Transactional
    public SalesRequest markHandled(UUID requestId) {
        context.require(Permissions.OPERATOR);
        BillingSalesRequestRecord row = profiles.salesRequestForUpdate(requestId)
                .orElseThrow(() -> new NoSuchElementException("No such request"));
        if (RequestStatus.OPEN.name().equals(row.getStatus())) {
            Actor actor = context.actor().asOperator();
            profiles.markHandled(requestId, clock.instant(), actor.displayName());
            audit.record(new AuditEntry(
                    row.getWorkspaceId(),
                    actor,
                    InvoiceAudit.SALES_HANDLED,
                    AuditTarget.of(InvoiceAudit.SALES_REQUEST, row.getId(), "Contact sales"),
                    "",
                    context.sourceAddress().orElse("")));
            row = profiles.salesRequestForUpdate(requestId).orElseThrow();
        }
        return view(row);
    }

    private static SalesRequest view(BillingSalesRequestRecord r) {
        return new SalesRequest(
                r.getId(),
                r.getWorkspaceId(),
                r.getWorkspaceName(),
                r.getRequestedBy(),
                r.getRequesterEmail(),
                r.getRequesterName(),
                r.getMessage(),
                RequestStatus.valueOf(r.getStatus()),
                r.getCreatedAt().toInstant(),
                r.getHandledAt() == null ? null : r.getHandledAt().toInstant(),
                r.getHandledBy());
    }

    /** Checks and normalises a profile; refuses every bad field at once. */
    static StoredProfile validate(
            @Nullable String companyName, @Nullable String address, @Nullable String taxId, @Nullable String email) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        String name = oneLine(companyName == null ? "" : companyName).strip();
        if (name.length() > MAX_COMPANY) {
            invalid.add("companyName", "At most " + MAX_COMPANY + " characters.");
        }
        List<String> lines = new ArrayList<>();
        if (address != null) {
            CONTROL.matcher(address.replace("\r\n", "\n").replace('\r', '\n'))
                    .replaceAll("")
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .forEach(lines::add);
        }
        String addr = String.join("\n", lines);
        if (addr.length() > MAX_ADDRESS || lines.size() > MAX_ADDRESS_LINES) {
            invalid.add("address", "At most " + MAX_ADDRESS_LINES + " lines and " + MAX_ADDRESS + " characters.");
        }
        String tax = oneLine(taxId == null ? "" : taxId).strip();
        if (tax.length() > MAX_TAX_ID) {
            invalid.add("taxId", "At most " + MAX_TAX_ID + " characters.");
        } else if (!tax.isEmpty() && !TAX_ID.matcher(tax).matches()) {
            invalid.add("taxId", "Use letters, digits, spaces, dots, slashes and hyphens.");
        }
        String mailTo = email == null ? "" : email.strip();
        if (mailTo.length() > MAX_EMAIL
                || (!mailTo.isEmpty() && !EMAIL.matcher(mailTo).matches())) {
            invalid.add(
                    "invoiceEmail", "Enter one email address, or leave it empty to mail Owners and Billing members.");
        }
        invalid.throwIfAny();
        return new StoredProfile(name, addr, tax, mailTo);
    }

    private static String changed(StoredProfile a, StoredProfile b) {
        List<String> fields = new ArrayList<>();
        if (!a.companyName().equals(b.companyName())) {
            fields.add("company name");
        }
        if (!a.address().equals(b.address())) {
            fields.add("address");
        }
        if (!a.taxId().equals(b.taxId())) {
            fields.add("tax id");
        }
        if (!a.invoiceEmail().equals(b.invoiceEmail())) {
            fields.add("invoice email");
        }
        return fields.stream().collect(Collectors.joining(", "));
    }

    private static String oneLine(String s) {
        return CONTROL.matcher(s.replace('\n', ' ')).replaceAll("");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
