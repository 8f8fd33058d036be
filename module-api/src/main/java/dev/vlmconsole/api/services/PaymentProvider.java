package dev.vlmconsole.api.services;

/**
 * Takes payment for an invoice (a top-up, a cycle's invoice). The billing module asks the one
 * provider of the install to start each payment and acts on the {@link PaymentOutcome}; it never
 * sees card data, and neither does the console: a card-payment module (a third party's, for
 * example) sends the person to its payment service and tells the console the result with
 * {@link dev.vlmconsole.api.events.PaymentSettled}.
 *
 * <p>The console's default, when no module provides one, is the offline provider: it stores no
 * card data and answers {@link PaymentOutcome.AwaitingOfflinePayment} with a due date
 * ({@code console.payments.offline-due-days} days after today, 30 by default); the credits are
 * granted at once and operators mark the invoice paid when the money arrives. It suits air-gapped
 * installs.
 *
 * <p>To provide one, contribute a single bean of this type from your module's auto-configuration;
 * the default steps aside. Implementations must be safe to call concurrently and must make
 * {@link #start} idempotent per {@link PaymentRequest#reference()}: a retried call for the same
 * invoice must not charge twice (payment services take an idempotency key for this).
 *
 * @since 1.1
 * @see "DD011, docs/decisions/DD011-memberships-and-payments.md"
 */
public interface PaymentProvider {

    /** Stable id, stored with each payment, such as {@code offline} or {@code stripe}. */
    String id();

    /** Name shown to people, such as "Invoice, paid by bank transfer" or "Card (Stripe)". */
    String displayName();

    /**
     * Starts paying {@code request}. Called inside the transaction that issues the invoice: a
     * provider that calls a remote service should keep that call short and bounded (seconds), and
     * throw when it fails, which rolls the issuing back.
     *
     * @return what happened: paid at once, pending at a page the person must visit, or awaiting a
     *         payment made offline
     */
    PaymentOutcome start(PaymentRequest request);
}
