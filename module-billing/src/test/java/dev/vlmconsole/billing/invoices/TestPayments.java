package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A payment provider for tests that answers as the test chooses: as the console's offline provider
 * (due in 30 days), charged at once, pending at a page, or failing (the issue rolls back).
 */
final class TestPayments implements PaymentProvider {

    enum Mode {
        OFFLINE,
        PAID,
        PENDING,
        FAILING
    }

    private final Clock clock;
    private final List<PaymentRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OFFLINE;

    TestPayments(Clock clock) {
        this.clock = clock;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<PaymentRequest> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
        mode = Mode.OFFLINE;
    }

    @Override
    public String id() {
        return "test-pay";
    }

    @Override
    public String displayName() {
        return "Test payments";
    }

    @Override
    public PaymentOutcome start(PaymentRequest request) {
        requests.add(request);
        return switch (mode) {
            case OFFLINE ->
                new PaymentOutcome.AwaitingOfflinePayment(
                        request.reference(),
                        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(30));
            case PAID -> new PaymentOutcome.Paid("ch_" + request.reference());
            case PENDING ->
                new PaymentOutcome.Pending(
                        "pi_" + request.reference(), URI.create("https://pay.example.test/" + request.reference()));
            case FAILING -> throw new IllegalStateException("the payment service is down");
        };
    }
}
