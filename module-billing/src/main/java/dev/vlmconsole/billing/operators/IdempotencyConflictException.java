package dev.vlmconsole.billing.operators;

/**
 * An {@code Idempotency-Key} used again for a different request (another workspace, other credits or
 * another reason): nothing is applied, and the machine API answers {@code 422}.
 */
public class IdempotencyConflictException extends RuntimeException {

    private final String key;

    public IdempotencyConflictException(String key) {
        super("This Idempotency-Key was used for a different request; use a new key for a new adjustment.");
        this.key = key;
    }

    /** The key. */
    public String key() {
        return key;
    }
}
