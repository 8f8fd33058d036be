package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.InvalidInputException;

/**
 * The reason every operator action takes: 1 to {@value #MAX_LENGTH} characters once trimmed, refused
 * as the field {@value #FIELD} otherwise.
 */
public final class OperatorReason {

    /** The field a refused reason is named by (on the API and in the pages' forms). */
    public static final String FIELD = "reason";

    public static final int MAX_LENGTH = 500;

    private OperatorReason() {}

    /** The trimmed reason. */
    public static String require(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            throw InvalidInputException.of(FIELD, "Give a reason: it is recorded in the audit log.");
        }
        if (r.length() > MAX_LENGTH) {
            throw InvalidInputException.of(
                    FIELD, "Keep the reason to " + MAX_LENGTH + " characters (it has " + r.length() + ").");
        }
        return r;
    }
}
