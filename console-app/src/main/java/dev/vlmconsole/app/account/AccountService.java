package dev.vlmconsole.app.account;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginThrottle;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.signin.SignInPausedException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A person's own account: name and password. */
@Service
public class AccountService {

    /** Shortest password the console accepts. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** The input {@link #changePassword} reports a wrong current password on. */
    public static final String CURRENT_PASSWORD = "currentPassword";
    /** The input {@link #changePassword} reports a new password that breaks the rules on. */
    public static final String NEW_PASSWORD = "newPassword";

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final CurrentConsoleContext context;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final SessionEpochs sessions;
    private final boolean ssoOnly;

    AccountService(
            UserRepository users,
            PasswordEncoder encoder,
            CurrentConsoleContext context,
            AuditLog audit,
            LoginThrottle throttle,
            SessionEpochs sessions,
            ConsoleProperties settings) {
        this.ssoOnly = settings.oidc().ssoOnly();
        this.users = users;
        this.encoder = encoder;
        this.context = context;
        this.audit = audit;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** The signed-in person's profile. */
    public record Profile(UUID id, String email, String displayName, boolean operator) {}

    @Transactional(readOnly = true)
    public Profile profile() {
        UserRepository.UserRow u = users.findById(me()).orElseThrow(() -> new PermissionDeniedException("sign-in"));
        return new Profile(u.id(), u.email(), u.displayName(), u.operator());
    }

    @Transactional
    public void rename(String displayName) {
        String name = Names.DISPLAY_NAME.require(displayName);
        users.updateName(me(), name);
        audit.record("core.profile.renamed", person(me(), name, context.actor().email()), "");
    }

    /**
     * Changes the password; the current one must be given, and its check is throttled like sign-in
     * (a stolen session cannot guess it at bcrypt speed). Every other session of the person ends,
     * on every node; addresses they signed in from before lose their exemption from the throttle.
     *
     * @throws SignInPausedException while too many wrong passwords pause the check
     * @throws InvalidInputException on {@link #NEW_PASSWORD} when the new password breaks the rules,
     *                               on {@link #CURRENT_PASSWORD} when the current one is wrong
     */
    @Transactional
    public void changePassword(String currentPassword, String newPassword) {
        if (ssoOnly) {
            // DD034: people sign in with single sign-on only; the operators' break-glass passwords are set by hand
            throw InvalidInputException.of(
                    NEW_PASSWORD, "Passwords are not used on this console: you sign in with single sign-on.");
        }
        requireStrong(NEW_PASSWORD, newPassword);
        UserRepository.UserRow u = users.findById(me()).orElseThrow(() -> new PermissionDeniedException("sign-in"));
        if (u.passwordHash() == null) {
            throw InvalidInputException.of(
                    CURRENT_PASSWORD, "You sign in with single sign-on: your account has no password to change.");
        }
        String address = context.sourceAddress().orElse(null);
        LoginThrottle.Attempt.Counted attempt = switch (throttle.attempt(u.email(), address)) {
            case LoginThrottle.Attempt.Refused refused -> throw new SignInPausedException(refused.retryAfter());
            case LoginThrottle.Attempt.Counted counted -> counted;
        };
        if (currentPassword == null || !encoder.matches(currentPassword, u.passwordHash())) {
            throw InvalidInputException.of(CURRENT_PASSWORD, "The current password is not right.");
        }
        throttle.succeeded(attempt, u.id());
        users.updatePasswordHash(u.id(), encoder.encode(newPassword));
        sessions.endSessions(u.id(), true);
        throttle.forgetAddressesExcept(u.id(), address);
        audit.record("core.profile.password_changed", person(u.id(), u.displayName(), u.email()), "");
    }

    /**
     * Ends every session of the person, this one included, on every node, and forgets the other
     * addresses they signed in from.
     */
    @Transactional
    public void signOutEverywhere() {
        UUID me = me();
        sessions.endSessions(me, false);
        throttle.forgetAddressesExcept(me, context.sourceAddress().orElse(null));
        Actor actor = context.actor();
        audit.record("core.profile.signed_out_everywhere", person(me, actor.displayName(), actor.email()), "");
    }

    /** Rejects passwords that are too short or too long for bcrypt, as input {@code field}. */
    public static void requireStrong(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw InvalidInputException.of(field, "Use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw InvalidInputException.of(field, "Use at most 72 bytes (bcrypt ignores the rest).");
        }
    }

    /** A person as audit entries name them, labelled as the log shows actors. */
    public static AuditTarget person(UUID id, String displayName, String email) {
        return AuditTarget.user(id, email.isBlank() ? displayName : displayName + " <" + email + ">");
    }

    private UUID me() {
        return context.user()
                .orElseThrow(() -> new PermissionDeniedException("sign-in"))
                .id();
    }
}
