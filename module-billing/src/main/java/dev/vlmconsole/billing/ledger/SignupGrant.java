package dev.vlmconsole.billing.ledger;

import dev.vlmconsole.api.events.WorkspaceCreated;
import dev.vlmconsole.billing.BillingProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.event.EventListener;

/**
 * Opens a new workspace's billing account (Pay-as-you-go, its first partial cycle) and grants the
 * sign-up credits once ({@code console.billing.signup-credits}, reference {@code signup}), inside the
 * transaction that creates the workspace: if the grant fails, the workspace is not created either.
 */
public class SignupGrant {

    /** The idempotency reference of the sign-up grant. */
    public static final String REFERENCE = "signup";

    private final Ledger ledger;
    private final BillingProperties settings;
    private final Clock clock;

    public SignupGrant(Ledger ledger, BillingProperties settings, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    public void onWorkspaceCreated(WorkspaceCreated event) {
        grant(event.workspaceId());
    }

    /** Opens the account and grants the sign-up credits, once. */
    public void grant(UUID workspaceId) {
        if (settings.signupCredits().signum() == 0) {
            ledger.balance(workspaceId); // opens the account
            return;
        }
        Instant expiresAt =
                settings.signupCreditsTtl() == null ? null : clock.instant().plus(settings.signupCreditsTtl());
        ledger.grant(
                workspaceId,
                Ledger.Kind.SIGNUP_GRANT,
                settings.signupCredits(),
                expiresAt,
                REFERENCE,
                "Sign-up credits",
                "system");
    }
}
