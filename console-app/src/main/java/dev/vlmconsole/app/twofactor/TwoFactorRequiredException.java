package dev.vlmconsole.app.twofactor;

import java.io.Serial;

/** Refused because two-factor sign-in is required here; the message says why, in a sentence for people. */
public class TwoFactorRequiredException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public TwoFactorRequiredException(String reason) {
        super(reason);
    }
}
