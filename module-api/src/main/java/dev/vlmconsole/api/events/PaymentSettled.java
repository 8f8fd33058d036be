package dev.vlmconsole.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment that a {@link dev.vlmconsole.api.services.PaymentProvider} left
 * {@linkplain dev.vlmconsole.api.services.PaymentOutcome.Pending pending} succeeded or failed. The
 * provider's module publishes it once it knows (from its payment service's webhook, say), inside
 * the transaction that records it on its side; the billing module listens and marks the invoice
 * paid and grants what it buys, or reports the failure. Publishing it twice for one payment must be
 * harmless: listeners act once per {@code reference}.
 *
 * @param providerId        {@link dev.vlmconsole.api.services.PaymentProvider#id()}
 * @param reference         the {@link dev.vlmconsole.api.services.PaymentRequest#reference()} paid
 * @param providerReference the provider's id of the payment
 * @param succeeded         whether the money arrived
 * @param at                when the provider learnt it
 * @since 1.1
 */
public record PaymentSettled(
        String providerId, String reference, String providerReference, boolean succeeded, Instant at) {

    public PaymentSettled {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(providerReference, "providerReference");
        Objects.requireNonNull(at, "at");
    }
}
