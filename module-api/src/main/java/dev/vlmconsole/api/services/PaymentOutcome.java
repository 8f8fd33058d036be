package dev.vlmconsole.api.services;

import java.net.URI;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link PaymentProvider#start} did. The caller (the billing module) acts on each kind as its
 * javadoc says. A later minor version of the contract may add kinds: switch over them with a
 * {@code default} branch that treats an unknown kind as {@link Pending} without a page.
 *
 * @since 1.1
 */
public sealed interface PaymentOutcome {

    /** The provider's own id of this payment (for support and refunds), as it shows it. */
    String providerReference();

    /**
     * Paid already (a saved payment method was charged): mark the invoice paid and grant what it
     * buys.
     *
     * @param providerReference the provider's id of the payment
     */
    record Paid(String providerReference) implements PaymentOutcome {

        public Paid {
            Objects.requireNonNull(providerReference, "providerReference");
        }
    }

    /**
     * Pending: the person completes the payment at {@code paymentPage} (open it for them). Grant
     * nothing yet; the provider publishes {@link dev.vlmconsole.api.events.PaymentSettled} when
     * the payment succeeds or fails.
     *
     * @param providerReference the provider's id of the payment
     * @param paymentPage       where the person pays
     */
    record Pending(String providerReference, URI paymentPage) implements PaymentOutcome {

        public Pending {
            Objects.requireNonNull(providerReference, "providerReference");
            Objects.requireNonNull(paymentPage, "paymentPage");
        }
    }

    /**
     * To be paid offline (bank transfer) by {@code dueDate}: grant what the invoice buys at once,
     * show the invoice as open until operators mark it paid.
     *
     * @param providerReference the reference the payer quotes, usually the invoice's own
     * @param dueDate           the last day to pay
     */
    record AwaitingOfflinePayment(String providerReference, LocalDate dueDate) implements PaymentOutcome {

        public AwaitingOfflinePayment {
            Objects.requireNonNull(providerReference, "providerReference");
            Objects.requireNonNull(dueDate, "dueDate");
        }
    }
}
