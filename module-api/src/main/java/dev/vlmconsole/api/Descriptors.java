package dev.vlmconsole.api;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks the descriptor builders share ({@link NavigationEntry}, {@link DashboardCard}, {@link Permission}). */
final class Descriptors {

    /** {@code <module>.<name>}: lower-case words of letters, digits and underscores, joined by dots. */
    static final Pattern DOTTED_KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private Descriptors() {}

    /** A text people read: not blank, without surrounding white space. */
    static String text(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("The " + what + " must not be blank");
        }
        return value.strip();
    }

    /** A permission key such as {@code keys.read}. */
    static String permissionKey(String key) {
        return dottedKey("permission", key);
    }

    /** A key such as {@code keys.read} or {@code keys.summary}. */
    static String dottedKey(String what, String key) {
        Objects.requireNonNull(key, what);
        if (!DOTTED_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("A " + what + " is <module>.<name> in lower-case letters, digits and"
                    + " underscores, such as 'keys.read': '" + key + "'");
        }
        return key;
    }

    /** {@code value}, or {@link IllegalStateException} naming the builder method that was not called. */
    static <T> T required(String method, @Nullable T value, String of) {
        if (value == null) {
            throw new IllegalStateException("Call " + method + "(...) before build() for " + of);
        }
        return value;
    }
}
