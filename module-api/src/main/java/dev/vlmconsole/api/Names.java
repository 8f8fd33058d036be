package dev.vlmconsole.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for names people type (their display name, a workspace's name, a key's name or
 * project label, and any module's): surrounding white space (no-break spaces included) is removed; the rest has 1 to
 * {@link Rule#maxLength()} code points and none of the characters that change how text around
 * them is shown or logged: controls (Unicode category Cc: line breaks, tabs, escape), format
 * characters (Cf: bidirectional overrides and isolates, zero-width joiners), line and paragraph
 * separators (Zl, Zp) and unpaired surrogates (Cs).
 *
 * <p>Columns holding such names should allow twice the rule's length in characters: H2 counts
 * UTF-16 units, so a name of emoji needs two per code point.
 */
public final class Names {

    /** A person's display name ({@code users.display_name}, 200 characters). */
    public static final Rule DISPLAY_NAME = new Rule("displayName", 100);
    /** A workspace's name ({@code workspaces.name}, 200 characters). */
    public static final Rule WORKSPACE_NAME = new Rule("workspaceName", 100);

    private Names() {}

    /**
     * One kind of name.
     *
     * @param field     the input's name in forms and API bodies, reported by {@link InvalidInputException#field()}
     * @param maxLength the most code points a name may have after trimming
     */
    public record Rule(String field, int maxLength) {

        public Rule {
            if (field == null || field.isBlank() || maxLength < 1) {
                throw new IllegalArgumentException("A name rule needs a field and a positive length");
            }
        }

        /** The trimmed name; throws {@link InvalidInputException} if it is blank or breaks the rule. */
        public String require(@Nullable String value) {
            String name = strip(value);
            problem(name).ifPresent(message -> {
                throw new InvalidInputException(field, message);
            });
            return name;
        }

        /** The trimmed name, or {@code null} when blank (an optional label); throws if it breaks the rule. */
        public @Nullable String optional(@Nullable String value) {
            String name = strip(value);
            return name.isEmpty() ? null : require(name);
        }

        /**
         * Why {@code value} is refused as an optional label, or empty when {@link #optional} would
         * accept it (blank included); for {@link InvalidInputException.Builder#check}.
         */
        public Optional<String> optionalProblem(@Nullable String value) {
            return strip(value).isEmpty() ? Optional.empty() : problem(value);
        }

        /** Why {@code value} is refused, or empty when {@link #require} would accept it. */
        public Optional<String> problem(@Nullable String value) {
            String name = strip(value);
            if (name.isEmpty()) {
                return Optional.of("Enter a name.");
            }
            if (name.codePointCount(0, name.length()) > maxLength) {
                return Optional.of("Use at most " + maxLength + " characters.");
            }
            if (name.codePoints().anyMatch(Names::hidden)) {
                return Optional.of("Remove line breaks, tabs and invisible formatting characters"
                        + " (such as text direction marks).");
            }
            return Optional.empty();
        }
    }

    /** Removes white space at both ends, no-break spaces included (which {@link String#strip()} keeps). */
    private static String strip(@Nullable String value) {
        if (value == null) {
            return "";
        }
        int start = 0;
        int end = value.length();
        while (start < end && space(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && space(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean space(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** Whether a code point is one a name may not contain. */
    static boolean hidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
