package dev.vlmconsole.keys.verify;

/** The answer codes of {@code POST /api/v1/keys/verify}. */
public enum VerificationCode {
    VALID,
    MALFORMED,
    NOT_FOUND,
    REVOKED,
    EXPIRED,
    RATE_LIMITED,
    INSUFFICIENT_CREDITS
}
