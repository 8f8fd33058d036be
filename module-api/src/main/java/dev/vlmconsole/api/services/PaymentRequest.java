package dev.vlmconsole.api.services;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * One payment to start, for {@link PaymentProvider#start}.
 *
 * @param workspaceId the paying workspace
 * @param reference   what is paid, unique per install, such as the invoice number
 *                    {@code INV-2026-000001}; a provider uses it as its idempotency key
 * @param amount      how much, exactly; positive
 * @param description one line for the payer's statement, such as "Top-up: 10,000 credits"
 * @param returnUrl   the console page to send the person back to after paying at a provider's page
 * @since 1.1
 */
public record PaymentRequest(UUID workspaceId, String reference, Money amount, String description, URI returnUrl) {

    public PaymentRequest {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(returnUrl, "returnUrl");
        if (amount.amount().signum() <= 0) {
            throw new IllegalArgumentException("A payment is of a positive amount, not " + amount);
        }
    }
}
