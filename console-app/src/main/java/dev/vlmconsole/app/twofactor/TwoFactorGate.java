package dev.vlmconsole.app.twofactor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides, for the current request, whether the signed-in person must first give their second factor
 * ({@link Need#CODE}) or set one up ({@link Need#ENROLMENT}) before any console page answers. The
 * factors a session holds are Spring Security's factor authorities: form sign-in grants
 * {@code FACTOR_PASSWORD}, the code page adds {@value #TOTP_AUTHORITY}. Who must hold the second one
 * depends on the person (enrolled or not, operator or not) and on the workspace they act in, which a
 * fixed factor rule cannot say; see DD017.
 *
 * <p>Whether a person is enrolled and whether a workspace requires it are read from the database at
 * most every {@link #CACHED_FOR} per node, so that a console request does not pay a query for them;
 * a change on this node takes effect at once.
 */
@Component
public class TwoFactorGate {

    /** The factor authority of a session that gave an authenticator app code or a recovery code. */
    public static final String TOTP_AUTHORITY = "FACTOR_TOTP";

    static final Duration CACHED_FOR = Duration.ofSeconds(2);

    /** What the person must do before the console answers them. */
    public enum Need {
        /** Nothing: both factors given, or only a password needed. */
        NOTHING,
        /** Give the code of the authenticator app (or a recovery code). */
        CODE,
        /** Set up two-factor sign-in: required of them, and they have none. */
        ENROLMENT
    }

    /** Why two-factor sign-in is required of someone. */
    public enum Reason {
        OPERATOR,
        WORKSPACE
    }

    private final TwoFactorRepository repository;
    private final CurrentConsoleContext context;
    private final TransactionTemplate tx;
    private final SecurityContextHolderStrategy contexts;
    private final boolean operatorsRequire;
    private final AuthorizationManager<Object> secondFactor = AllRequiredFactorsAuthorizationManager.<Object>builder()
            .requireFactor(f -> f.authority(TOTP_AUTHORITY))
            .build();
    private final Cache<UUID, Boolean> enrolled = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHED_FOR)
            .build();
    private final Cache<UUID, Boolean> workspaceRequires = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHED_FOR)
            .build();

    TwoFactorGate(
            TwoFactorRepository repository,
            CurrentConsoleContext context,
            TransactionTemplate tx,
            ObjectProvider<SecurityContextHolderStrategy> contexts,
            ConsoleProperties settings) {
        this.repository = repository;
        this.context = context;
        this.tx = tx;
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        this.operatorsRequire = settings.security().operatorsRequireTwoFactor();
    }

    /** What the person signed in to the current request must do first; {@link Need#NOTHING} for anyone else. */
    public Need need() {
        Authentication auth = authentication();
        if (auth == null || !auth.isAuthenticated() || !(auth.getPrincipal() instanceof ConsoleUser user)) {
            // API keys and anonymous requests: not this gate's business
            return Need.NOTHING;
        }
        if (hasSecondFactor(auth)) {
            return Need.NOTHING;
        }
        if (isEnrolled(user.id())) {
            // whatever way the session was signed in (password form, setup, a reset link): the code first
            return Need.CODE;
        }
        // operators are not held up: they use the console as members and hold their operator powers once
        // enrolled (CurrentConsoleContext, DD027); a workspace that requires it of its members holds them up
        return workspaceRequiresActing() ? Need.ENROLMENT : Need.NOTHING;
    }

    /** Whether the acting workspace requires two-factor sign-in of its members. */
    private boolean workspaceRequiresActing() {
        Optional<WorkspaceRef> acting = context.workspace();
        return acting.isPresent() && workspaceRequires(acting.get().id());
    }

    /**
     * Whether {@code auth}'s person may use operator powers as far as factors go: always when the install
     * does not require them of operators, else once the session gave its second factor (DD027).
     */
    public boolean allowsOperatorPowers(Authentication auth) {
        return !operatorsRequire || (auth != null && hasSecondFactor(auth));
    }

    /** Why two-factor sign-in is required of {@code user} in the acting workspace, if it is. */
    public Optional<Reason> requiredBecause(ConsoleUser user) {
        if (operatorsRequire && user.operator()) {
            return Optional.of(Reason.OPERATOR);
        }
        Optional<WorkspaceRef> acting = context.workspace();
        if (acting.isPresent() && workspaceRequires(acting.get().id())) {
            return Optional.of(Reason.WORKSPACE);
        }
        return Optional.empty();
    }

    /** Whether the install requires two-factor sign-in of operators. */
    public boolean operatorsRequire() {
        return operatorsRequire;
    }

    /**
     * Whether the session gave a second factor: it holds {@value #TOTP_AUTHORITY}. The first factor is
     * the password, or what else signed the session in (setup's first Owner, a password reset link).
     */
    public boolean hasSecondFactor(Authentication auth) {
        return secondFactor.authorize(() -> auth, auth).isGranted();
    }

    /** Whether the person turned two-factor sign-in on (read at most every {@link #CACHED_FOR} on this node). */
    public boolean isEnrolled(UUID userId) {
        return enrolled.get(userId, id -> tx.execute(s -> repository.isEnabled(id)));
    }

    boolean workspaceRequires(UUID workspaceId) {
        return workspaceRequires.get(workspaceId, id -> tx.execute(s -> repository.workspaceRequires(id)));
    }

    /** Forgets what this node read about the person (they enrolled or turned it off here). */
    void forgetPerson(UUID userId) {
        enrolled.invalidate(userId);
    }

    /** Forgets what this node read about the workspace (its Owner changed the setting here). */
    void forgetWorkspace(UUID workspaceId) {
        workspaceRequires.invalidate(workspaceId);
    }

    Authentication authentication() {
        Authentication auth = contexts.getContext().getAuthentication();
        // the JVM-wide holder, as CurrentConsoleContext reads it (tests run several consoles in one JVM)
        return auth != null ? auth : SecurityContextHolder.getContext().getAuthentication();
    }
}
