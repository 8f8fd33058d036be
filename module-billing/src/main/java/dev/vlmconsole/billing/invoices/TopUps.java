package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Buying credits: the configured packs, each issued as an invoice and paid through the install's
 * {@link dev.vlmconsole.api.services.PaymentProvider}. {@link #packs} requires {@code billing.read},
 * {@link #buy} {@code billing.manage}.
 */
public interface TopUps {

    /**
     * A pack on offer.
     *
     * @param id      its id
     * @param credits credits it grants (never expire)
     * @param price   its price
     */
    record Pack(String id, BigDecimal credits, Money price) {}

    /**
     * A purchase.
     *
     * @param invoice the invoice issued for it
     * @param outcome what the payment provider answered: with the offline provider the credits are
     *                granted at once; with {@link PaymentOutcome.Pending} they are granted when it settles
     * @param granted whether the credits were granted already
     */
    record Purchase(Invoices.Invoice invoice, PaymentOutcome outcome, boolean granted) {}

    /** The packs, smallest first. */
    List<Pack> packs();

    /**
     * Buys {@code packId} for the current workspace. With the same {@code idempotencyKey} a retry
     * answers the first purchase and buys nothing more.
     *
     * @throws dev.vlmconsole.api.InvalidInputException for an unknown pack
     */
    Purchase buy(String packId, @Nullable String idempotencyKey);
}
