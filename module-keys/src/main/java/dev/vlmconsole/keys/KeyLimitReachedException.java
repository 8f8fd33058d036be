package dev.vlmconsole.keys;

import java.util.Locale;

/** A workspace already has as many active keys as it may ({@code console.keys.max-active-per-workspace}). */
public class KeyLimitReachedException extends RuntimeException {

    private final int limit;

    public KeyLimitReachedException(int limit) {
        super(String.format(
                Locale.ROOT,
                "This workspace already has %,d active keys, the most it may have. Revoke keys it no longer uses first.",
                limit));
        this.limit = limit;
    }

    /** The cap that was reached. */
    public int limit() {
        return limit;
    }
}
