package dev.vlmconsole.keys.verify;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of verifying one presented key.
 *
 * @param code        the verdict
 * @param state       the key, when one was found
 * @param rateLimit   the workspace's rate-limit window, when the key was found and checked
 */
public record Verification(VerificationCode code, KeyState state, RateLimitStatus rateLimit) {

    /** Whether the call may go ahead. */
    public boolean valid() {
        return code == VerificationCode.VALID;
    }

    public UUID keyId() {
        return state == null ? null : state.keyId();
    }

    public UUID workspaceId() {
        return state == null ? null : state.workspaceId();
    }

    public List<String> scopes() {
        return state == null ? List.of() : List.of(state.scope());
    }

    static Verification of(VerificationCode code) {
        return new Verification(code, null, null);
    }
}
