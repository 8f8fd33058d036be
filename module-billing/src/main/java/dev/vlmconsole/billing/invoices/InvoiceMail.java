package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.billing.invoices.ProfileRepository.StoredProfile;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Mails an issued invoice to the workspace's invoice email, or, when its profile names none, to its
 * Owners and Billing members, with a link to the Billing page where the PDF is. Queued in the issuing
 * transaction (sent after it commits, never after a rollback); nothing is mailed without a mail server
 * or for an invoice of nothing.
 */
public class InvoiceMail {

    /** The kind of the messages, for the outbox's logs. */
    public static final String KIND = "billing.invoice";

    private final ProfileRepository profiles;
    private final MemberDirectory directory;
    private final Supplier<@Nullable OutboundMail> mail;
    private final Supplier<@Nullable ConsoleLinks> links;
    private final InvoicePdf pdf;

    public InvoiceMail(
            ProfileRepository profiles,
            MemberDirectory directory,
            Supplier<@Nullable OutboundMail> mail,
            Supplier<@Nullable ConsoleLinks> links,
            InvoicePdf pdf) {
        this.profiles = profiles;
        this.directory = directory;
        this.mail = mail;
        this.links = links;
        this.pdf = pdf;
    }

    /** Queues the emails of a just-issued invoice; {@code paymentPage} where a pending payment is made. */
    void issued(Invoices.Invoice invoice, @Nullable String paymentPage) {
        OutboundMail outbox = mail.get();
        ConsoleLinks l = links.get();
        if (outbox == null
                || !outbox.isConfigured()
                || l == null
                || invoice.total().isZero()) {
            return;
        }
        Set<String> to = new LinkedHashSet<>();
        profiles.profile(invoice.workspaceId())
                .map(StoredProfile::invoiceEmail)
                .filter(e -> !e.isBlank())
                .ifPresentOrElse(
                        to::add,
                        () -> directory.members(invoice.workspaceId()).stream()
                                .filter(m -> m.role() == Role.OWNER || m.role() == Role.BILLING)
                                .map(m -> m.email().toLowerCase(Locale.ROOT))
                                .filter(e -> !e.isBlank())
                                .forEach(to::add));
        String workspace =
                directory.workspace(invoice.workspaceId()).map(w -> w.name()).orElse("your workspace");
        String state = switch (invoice.status()) {
            case PAID -> "It is paid.";
            case NOTHING_DUE -> "Nothing is due.";
            case OPEN ->
                invoice.dueDate() != null
                        ? "Please pay it by " + InvoiceFormat.day(invoice.dueDate()) + ", quoting " + invoice.number()
                                + "."
                        : paymentPage != null ? "Pay it here: " + paymentPage : "It is awaiting payment.";
        };
        String billing = l.to(InvoiceService.BILLING_PATH);
        String subject = "Invoice " + invoice.number() + " from " + pdf.sellerName() + ": "
                + InvoiceFormat.money(invoice.total());
        String text = "Invoice " + invoice.number() + " for " + workspace + " was issued on "
                + InvoiceFormat.day(invoice.issuedAt().atZone(pdf.zone()).toLocalDate()) + ".\n\n"
                + "Total: " + InvoiceFormat.money(invoice.total()) + "\n"
                + state + "\n\n"
                + "See it and download the PDF on the Billing page:\n" + billing + "\n";
        for (String address : to) {
            outbox.queue(new MailMessage(address, subject.replace('\n', ' '), text, null, KIND));
        }
    }
}
