package dev.vlmconsole.api.services;

import java.time.Duration;
import java.util.Objects;

/**
 * What a workspace may do now, from its plan.
 *
 * @param planId          plan id, such as {@code payg}
 * @param planName        plan name shown to people
 * @param requestsAllowed requests allowed per {@code period}
 * @param period          rate-limit window
 * @param hasCredits      false when a hard cap is reached and calls must be refused
 */
public record Entitlements(String planId, String planName, long requestsAllowed, Duration period, boolean hasCredits) {

    /** The seed's pay-as-you-go plan: 10 requests per minute, credits available. */
    public static final Entitlements PAY_AS_YOU_GO =
            new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), true);

    public Entitlements {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(period, "period");
        if (requestsAllowed < 0) {
            throw new IllegalArgumentException("requestsAllowed < 0");
        }
    }
}
