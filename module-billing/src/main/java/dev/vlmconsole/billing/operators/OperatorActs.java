package dev.vlmconsole.billing.operators;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * What every operator action of the billing module starts with: who may act (a person holding
 * {@link Permissions#OPERATOR}, or a platform key of scope {@code operator} on the machine API), the
 * actor recorded (marked as an operator, so that the workspace's members see an operator acted), and
 * the required reason.
 */
final class OperatorActs {

    /** Longest reason, after trimming. */
    static final int MAX_REASON = 500;

    private OperatorActs() {}

    /**
     * Checks that the caller is an operator, or a platform key with the {@code operator} scope.
     *
     * @return the actor to record, marked as an operator
     * @throws PermissionDeniedException otherwise
     */
    static Actor requireOperator(ConsoleContext context) {
        var platformKey = context.platformKey();
        if (platformKey.isPresent()) {
            if (!platformKey.get().hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR)) {
                throw new PermissionDeniedException(Permissions.OPERATOR);
            }
        } else {
            context.require(Permissions.OPERATOR);
        }
        return context.actor().asOperator();
    }

    /** Whether the caller may act as an operator (for pages deciding what to show; services check again). */
    static boolean isOperator(ConsoleContext context) {
        var platformKey = context.platformKey();
        return platformKey.isPresent()
                ? platformKey.get().hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR)
                : context.can(Permissions.OPERATOR);
    }

    /**
     * The reason, trimmed: 1 to {@value #MAX_REASON} characters.
     *
     * @throws InvalidInputException naming {@code reason} otherwise
     */
    static String reason(@Nullable String reason) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        String why = reason(reason, invalid);
        invalid.throwIfAny();
        return why;
    }

    /** As {@link #reason(String)}, adding the refusal to {@code invalid} (answers "" then). */
    static String reason(@Nullable String reason, InvalidInputException.Builder invalid) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            invalid.add("reason", "Say why: the workspace's members see the reason in their audit log.");
        } else if (why.length() > MAX_REASON) {
            invalid.add("reason", "Keep the reason to " + MAX_REASON + " characters.");
        }
        return why;
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
