package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.account.ConsoleUser;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * A rule the password form applies once the password is right, before the session is signed in: the
 * SSO-only install's break-glass rule (only operators, each sign-in audited; DD034).
 */
@FunctionalInterface
public interface PasswordSignInRule {

    /** No rule. */
    PasswordSignInRule NONE = (user, address) -> {};

    /**
     * @param address the network address the form was posted from, if known
     * @throws AuthenticationException to refuse the sign-in (answered like a wrong password)
     */
    void passwordAccepted(ConsoleUser user, @Nullable String address);
}
