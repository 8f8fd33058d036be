package dev.vlmconsole.billing.api;

/** The {@code Idempotency-Key} header of calls a client may retry (top-ups): its name and its rule. */
final class IdempotencyKeys {

    /** The header's name, also the field a refused one is named by. */
    static final String HEADER = "Idempotency-Key";

    /** Longest key. */
    static final int MAX_LENGTH = 255;

    /** The rule, as a 400 problem states it. */
    static final String RULE = "Idempotency-Key must be 1 to " + MAX_LENGTH + " printable ASCII characters.";

    private IdempotencyKeys() {}

    /** 1 to {@value #MAX_LENGTH} printable ASCII characters, such as a UUID. */
    static boolean isValid(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
