package dev.vlmconsole.app.payments;

import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The console's {@link PaymentProvider} when no module provides one: payment happens offline (a
 * bank transfer quoting the invoice's reference). It touches no card data and calls nothing: each
 * payment is awaited until its due date, {@code dueDays} after the day (UTC) it starts; the billing
 * module grants the credits at once and operators mark the invoice paid. See DD011.
 */
public final class OfflinePaymentProvider implements PaymentProvider {

    /** The id stored with payments made this way. */
    public static final String ID = "offline";

    private final int dueDays;
    private final Clock clock;

    /**
     * @param dueDays days from the payment's start to its due date, 0 or more
     * @param clock   today's date, in UTC
     */
    public OfflinePaymentProvider(int dueDays, Clock clock) {
        if (dueDays < 0) {
            throw new IllegalArgumentException("dueDays < 0");
        }
        this.dueDays = dueDays;
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Invoice, paid by bank transfer";
    }

    /** Awaits the payment of {@code request.reference()} until its due date; the same request gives the same answer on the same day. */
    @Override
    public PaymentOutcome start(PaymentRequest request) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new PaymentOutcome.AwaitingOfflinePayment(request.reference(), today.plusDays(dueDays));
    }
}
