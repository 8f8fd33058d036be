package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.InvalidInputException;

/** The reason every operator action takes: required, trimmed, at most {@value #MAX} characters. */
final class OperatorReason {

    /** The field the reason is named by, on pages and in API problems. */
    static final String FIELD = "reason";

    static final int MAX = 500;

    private OperatorReason() {}

    /** {@code reason}, trimmed; {@link InvalidInputException} naming {@value #FIELD} when blank or too long. */
    static String check(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            throw InvalidInputException.of(FIELD, "Give a reason: the workspace's members see it in their audit log.");
        }
        if (r.length() > MAX) {
            throw InvalidInputException.of(FIELD, "Use at most " + MAX + " characters for the reason.");
        }
        return r;
    }
}
