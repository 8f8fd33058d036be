package dev.vlmconsole.app.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as the console stores them: trimmed and lower-cased. */
public final class Emails {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private Emails() {}

    /** The stored form of {@code email}. */
    public static String normalize(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code email} looks like an address (the mail server has the last word). */
    public static boolean isValid(String email) {
        String e = normalize(email);
        return e.length() <= 320 && SHAPE.matcher(e).matches();
    }
}
