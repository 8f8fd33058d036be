package dev.vlmconsole.keys.verify;

/**
 * The answer codes of {@code POST /api/v1/keys/verify}. When several apply, the first in this order
 * of precedence is answered: {@link #MALFORMED}, {@link #NOT_FOUND}, {@link #REVOKED},
 * {@link #EXPIRED}, {@link #SUSPENDED}, {@link #INSUFFICIENT_CREDITS}, {@link #RATE_LIMITED}. Only a call
 * that would be {@link #VALID} takes a token from the workspace's rate-limit window.
 */
public enum VerificationCode {
    /** The key may be used; one request was taken from the window and counted. */
    VALID,
    /** Not a key of this console's format, or its checksum is wrong. */
    MALFORMED,
    /**
     * No such key; also the answer for a SCIM key, which is a key of this console's SCIM endpoints and
     * never one for the platform (DD037).
     */
    NOT_FOUND,
    /** The key was revoked, or its secret was rolled and the old one's grace has ended. */
    REVOKED,
    /** The key's expiry has passed. */
    EXPIRED,
    /**
     * The key's workspace is suspended by the platform's operators (the reason is shown to its
     * members in the console). Forward-auth answers it with 403.
     */
    SUSPENDED,
    /**
     * The workspace has reached a hard spending limit (or has no credits where that matters), or the key
     * has spent its own monthly credit budget.
     */
    INSUFFICIENT_CREDITS,
    /** The workspace's window has no request left. */
    RATE_LIMITED
}
