package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.signin.PasswordSignInRule;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;

/**
 * The password form of an SSO-only install ({@code CONSOLE_OIDC_ONLY=true}) is the operators'
 * break-glass: anyone else is refused, server-side, with the answer of a wrong password; each operator's
 * password sign-in is audited install-wide as {@code core.signin.break_glass} (DD034). Without SSO-only,
 * nothing changes.
 */
@Component
public class BreakGlass implements PasswordSignInRule {

    private static final Logger log = LoggerFactory.getLogger(BreakGlass.class);

    private final SsoSettings settings;
    private final AuditLog audit;

    BreakGlass(SsoSettings settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Override
    public void passwordAccepted(ConsoleUser user, @Nullable String address) {
        if (!settings.ssoOnly()) {
            return;
        }
        if (!user.operator()) {
            throw new BadCredentialsException("Bad credentials"); // like a wrong password: SSO is the way in
        }
        log.warn("Break-glass password sign-in of operator {} while single sign-on is the only way in", user.id());
        audit.record(new AuditEntry(
                null,
                new Actor(Actor.Kind.USER, user.id(), user.email(), user.displayName(), false),
                "core.signin.break_glass",
                AccountService.person(user.id(), user.displayName(), user.email()),
                "Signed in with a password while single sign-on is the only way in",
                address == null ? "" : address));
    }
}
