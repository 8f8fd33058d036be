package dev.vlmconsole.keys;

import java.util.Locale;

/**
 * A workspace already has as many active keys as it may ({@code console.keys.max-active-per-workspace}).
 * A conflict with the workspace's state, so an {@link IllegalStateException}: what other modules catch
 * when {@code KeyCatalog.createServiceKey} meets the cap.
 */
public class KeyLimitReachedException extends IllegalStateException {

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
