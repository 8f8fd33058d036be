package dev.vlmconsole.app.twofactor;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginThrottle;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.signin.SignInPausedException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Two-factor sign-in with an authenticator app (TOTP) and one-time recovery codes: setting it up,
 * the second step of sign-in, new recovery codes, turning it off, and the workspace setting that
 * requires it of every member. Every code check at sign-in counts in the sign-in throttling like a
 * password. See DD017.
 */
@Service
public class TwoFactorService {

    /** The input a wrong code is reported on. */
    public static final String CODE = "code";
    /** The input a wrong password is reported on. */
    public static final String PASSWORD = "password";
    /** The name authenticator apps show above the codes. */
    static final String ISSUER = "Account console";

    private final TwoFactorRepository repository;
    private final UserRepository users;
    private final CurrentConsoleContext context;
    private final TwoFactorGate gate;
    private final SecondFactorSession session;
    private final LoginThrottle throttle;
    private final SessionEpochs sessions;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final TotpCodes codes;

    TwoFactorService(
            TwoFactorRepository repository,
            UserRepository users,
            CurrentConsoleContext context,
            TwoFactorGate gate,
            SecondFactorSession session,
            LoginThrottle throttle,
            SessionEpochs sessions,
            PasswordEncoder encoder,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.users = users;
        this.context = context;
        this.gate = gate;
        this.session = session;
        this.throttle = throttle;
        this.sessions = sessions;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.codes = new TotpCodes(clock);
    }

    /**
     * The signed-in person's two-factor sign-in.
     *
     * @param requiredBecause why they may not turn it off, in a sentence; empty when they may
     */
    public record Status(
            boolean enabled, Optional<Instant> enabledAt, int recoveryCodesLeft, Optional<String> requiredBecause) {}

    /**
     * A secret offered for enrolment, not yet stored: the QR code carries it, and the text is for typing
     * it into an app by hand. It is stored only once a code from it is confirmed.
     */
    public record Enrolment(String secret, String otpauthUri, byte[] qrPng) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Enrolment[secret hidden]";
        }
    }

    @Transactional(readOnly = true)
    public Status status() {
        ConsoleUser me = me();
        Optional<TwoFactorRepository.Stored> stored = repository.find(me.id());
        return new Status(
                stored.isPresent(),
                stored.map(s -> s.enabledAt().toInstant()),
                stored.isPresent() ? repository.recoveryCodesLeft(me.id()) : 0,
                requiredBecause(me));
    }

    /** A new secret to set up an authenticator app with; nothing is stored yet. */
    public Enrolment begin() {
        ConsoleUser me = me();
        String secret = codes.newSecret();
        return new Enrolment(
                secret, TotpCodes.otpauthUri(ISSUER, me.email(), secret), TotpCodes.qrPng(ISSUER, me.email(), secret));
    }

    /**
     * Turns two-factor sign-in on with {@code secret}, once {@code code} shows the app has it. The
     * current session counts as having given the second factor; every other session of the person ends.
     *
     * @return the recovery codes, shown this once
     * @throws InvalidInputException on {@link #CODE} when the code is not right for the secret
     */
    @Transactional
    public List<String> confirm(String secret, String code) {
        ConsoleUser me = me();
        if (secret == null || secret.isBlank()) {
            throw InvalidInputException.of(CODE, "Start the set-up again.");
        }
        OptionalLong step = codes.verify(secret, code, Long.MIN_VALUE);
        if (step.isEmpty()) {
            throw InvalidInputException.of(
                    CODE, "That code is not right. Check that the app's clock is right and try the current code.");
        }
        if (!repository.insert(me.id(), secret, OffsetDateTime.now(clock), step.getAsLong())) {
            throw InvalidInputException.of(CODE, "Two-factor sign-in is already on (set up in another tab?).");
        }
        List<String> recovery = TotpCodes.newRecoveryCodes();
        repository.replaceRecoveryCodes(me.id(), TwoFactorRepository.hashes(recovery));
        audit.record("core.profile.two_factor_enabled", person(me), "");
        // sessions that signed in with the password alone before end; this one has just shown the code
        sessions.endSessions(me.id(), true);
        Authentication auth = gate.authentication();
        afterCommit(() -> {
            gate.forgetPerson(me.id());
            session.secondFactorGiven(auth);
        });
        return recovery;
    }

    /**
     * The second step of sign-in: a code of the person's app, or one of their recovery codes (used up
     * by it). Counted by the sign-in throttling like a password: wrong codes pause further attempts.
     *
     * @throws SignInPausedException while too many wrong attempts pause the check
     * @throws InvalidInputException on {@link #CODE} when the code is not right
     */
    @Transactional
    public void verify(String code) {
        ConsoleUser me = me();
        TwoFactorRepository.Stored stored =
                repository.find(me.id()).orElseThrow(() -> new IllegalStateException("Two-factor sign-in is off"));
        LoginThrottle.Attempt.Counted attempt = counted(me.email());
        String totp = TotpCodes.normalizeTotp(code);
        if (totp != null) {
            OptionalLong step = codes.verify(stored.secret(), totp, stored.lastUsedStep());
            if (step.isEmpty() || !repository.useStep(me.id(), step.getAsLong())) {
                throw InvalidInputException.of(
                        CODE, "That code is not right, or was used already. Wait for the next one.");
            }
        } else {
            if (code == null
                    || code.isBlank()
                    || !repository.useRecoveryCode(
                            me.id(), TotpCodes.hashRecoveryCode(code), OffsetDateTime.now(clock))) {
                throw InvalidInputException.of(CODE, "That code is not right, or was used already.");
            }
            int left = repository.recoveryCodesLeft(me.id());
            audit.record(
                    "core.profile.two_factor_recovery_code_used",
                    person(me),
                    left + (left == 1 ? " recovery code left" : " recovery codes left"));
        }
        throttle.succeeded(attempt, me.id());
        Authentication auth = gate.authentication();
        afterCommit(() -> session.secondFactorGiven(auth));
    }

    /**
     * Ten new recovery codes; the old ones stop working.
     *
     * @throws InvalidInputException on {@link #PASSWORD} when the password is wrong
     */
    @Transactional
    public List<String> newRecoveryCodes(String password) {
        ConsoleUser me = me();
        requireEnabled(me);
        checkPassword(me, password);
        List<String> recovery = TotpCodes.newRecoveryCodes();
        repository.replaceRecoveryCodes(me.id(), TwoFactorRepository.hashes(recovery));
        audit.record("core.profile.two_factor_recovery_codes_regenerated", person(me), "");
        return recovery;
    }

    /**
     * Turns two-factor sign-in off, with the password; not while the install or one of the person's
     * workspaces requires it.
     *
     * @throws TwoFactorRequiredException when it is required of them
     * @throws InvalidInputException      on {@link #PASSWORD} when the password is wrong
     */
    @Transactional
    public void disable(String password) {
        ConsoleUser me = me();
        requireEnabled(me);
        Optional<String> required = requiredBecause(me);
        if (required.isPresent()) {
            throw new TwoFactorRequiredException(required.get());
        }
        checkPassword(me, password);
        repository.delete(me.id());
        audit.record("core.profile.two_factor_disabled", person(me), "");
        afterCommit(() -> gate.forgetPerson(me.id()));
    }

    /** The signed-in person's workspaces that do not require two-factor sign-in, by name. */
    @Transactional(readOnly = true)
    public List<WorkspaceRef> workspacesNotRequiring() {
        List<WorkspaceRef> mine = context.memberships();
        Set<UUID> requiring =
                repository.requiring(mine.stream().map(WorkspaceRef::id).toList());
        return mine.stream().filter(w -> !requiring.contains(w.id())).toList();
    }

    /** Whether the acting workspace requires two-factor sign-in of its members. */
    @Transactional(readOnly = true)
    public boolean workspaceRequires() {
        return context.workspace()
                .map(w -> repository.workspaceRequires(w.id()))
                .orElse(false);
    }

    /** Whether the signed-in person is an Owner of the acting workspace, who may change its security settings. */
    public boolean canChangeWorkspaceSetting() {
        return context.user().isPresent()
                && context.workspace().map(w -> w.role() == Role.OWNER).orElse(false);
    }

    /**
     * Requires (or no longer requires) two-factor sign-in of every member of the acting workspace;
     * Owners only, and an Owner turns it on for themselves first. Members without it are sent to set it
     * up when they next open the workspace.
     *
     * @throws PermissionDeniedException for anyone but an Owner
     * @throws TwoFactorRequiredException when the Owner has not turned it on for themselves
     */
    @Transactional
    public void requireForWorkspace(boolean require) {
        ConsoleUser me = me();
        WorkspaceRef workspace = context.workspace()
                .filter(w -> w.role() == Role.OWNER)
                .orElseThrow(() -> new PermissionDeniedException("workspace.security"));
        if (require && !repository.isEnabled(me.id())) {
            throw new TwoFactorRequiredException("Turn on two-factor sign-in for yourself first.");
        }
        if (repository.workspaceRequires(workspace.id()) == require) {
            return;
        }
        repository.setWorkspaceRequires(workspace.id(), require);
        audit.record(
                require ? "core.workspace.two_factor_required" : "core.workspace.two_factor_not_required",
                AuditTarget.workspace(workspace.id(), workspace.name()),
                "");
        afterCommit(() -> gate.forgetWorkspace(workspace.id()));
    }

    /** Why the person may not turn two-factor sign-in off, if they may not. */
    private Optional<String> requiredBecause(ConsoleUser me) {
        if (gate.operatorsRequire() && me.operator()) {
            return Optional.of("Operators of this console use two-factor sign-in: their operator powers wait for it.");
        }
        List<WorkspaceRef> mine = context.memberships();
        Set<UUID> requiring =
                repository.requiring(mine.stream().map(WorkspaceRef::id).toList());
        return mine.stream()
                .filter(w -> requiring.contains(w.id()))
                .findFirst()
                .map(w -> "The workspace \u201c" + w.name() + "\u201d requires two-factor sign-in of its members.");
    }

    private void requireEnabled(ConsoleUser me) {
        if (!repository.isEnabled(me.id())) {
            throw new IllegalStateException("Two-factor sign-in is off");
        }
    }

    /** The password check of changing the password: throttled like sign-in. */
    private void checkPassword(ConsoleUser me, String password) {
        UserRepository.UserRow row =
                users.findById(me.id()).orElseThrow(() -> new PermissionDeniedException("sign-in"));
        LoginThrottle.Attempt.Counted attempt = counted(row.email());
        if (password == null || !encoder.matches(password, row.passwordHash())) {
            throw InvalidInputException.of(PASSWORD, "The password is not right.");
        }
        throttle.succeeded(attempt, me.id());
    }

    private LoginThrottle.Attempt.Counted counted(String email) {
        return switch (throttle.attempt(email, context.sourceAddress().orElse(null))) {
            case LoginThrottle.Attempt.Refused refused -> throw new SignInPausedException(refused.retryAfter());
            case LoginThrottle.Attempt.Counted c -> c;
        };
    }

    private static AuditTarget person(ConsoleUser me) {
        return AccountService.person(me.id(), me.displayName(), me.email());
    }

    private ConsoleUser me() {
        return context.user().orElseThrow(() -> new PermissionDeniedException("sign-in"));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
