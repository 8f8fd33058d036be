package dev.vlmconsole.app.signin;

import java.io.Serial;
import java.time.Duration;
import org.springframework.security.authentication.LockedException;

/** A password check refused by {@link LoginThrottle} for a while; the password was not checked. */
public class SignInPausedException extends LockedException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public SignInPausedException(Duration retryAfter) {
        super("Too many failed attempts. " + tryAgainIn(retryAfter));
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The console's sentence for a pause of {@code left}, in whole minutes rounded up. */
    public static String tryAgainIn(Duration left) {
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        return "Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }
}
