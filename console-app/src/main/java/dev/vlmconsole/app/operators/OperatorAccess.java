package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;

/**
 * Who may use the operators' services: a person holding {@link Permissions#OPERATOR} (an operator who
 * owes no factor, read again at each request), or on the machine API a platform key of scope
 * {@code operator}. Workspace keys never, nor platform keys of other scopes.
 */
final class OperatorAccess {

    private OperatorAccess() {}

    static boolean allowed(ConsoleContext context) {
        return context.can(Permissions.OPERATOR)
                || context.platformKey()
                        .map(k -> k.hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR))
                        .orElse(false);
    }

    static void require(ConsoleContext context) {
        if (!allowed(context)) {
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
    }
}
