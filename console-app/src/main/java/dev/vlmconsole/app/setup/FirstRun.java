package dev.vlmconsole.app.setup;

import static dev.vlmconsole.app.db.Tables.FIRST_RUN_LOCK;
import static dev.vlmconsole.app.db.Tables.SETUP_TOKEN;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.events.FirstRunCompleted;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first start of an install. With {@code CONSOLE_BOOTSTRAP_OWNER_EMAIL} and
 * {@code CONSOLE_BOOTSTRAP_OWNER_PASSWORD} set it creates that Owner and a first workspace,
 * printing nothing; that Owner is also the install's first operator. Without them it writes a one-time setup link to the log (the only secret the
 * console ever logs), valid until used or until a later start writes a new one; only its hash is
 * stored; {@link SetupLink} prints it so that it opens as printed.
 *
 * <p>Nodes starting together on one empty database take turns on the {@code first_run_lock}
 * row, so the install is set up once; setup through the page takes the same lock.
 */
@Service
public class FirstRun implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);

    private final UserRepository users;
    private final WorkspaceService workspaces;
    private final PasswordEncoder encoder;
    private final DSLContext db;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final String ownerEmail;
    private final String ownerPassword;
    private final String workspaceName;
    private final SetupLink setupLink;
    private final SecureRandom random = new SecureRandom();

    FirstRun(
            UserRepository users,
            WorkspaceService workspaces,
            PasswordEncoder encoder,
            DSLContext db,
            AuditLog audit,
            ApplicationEventPublisher events,
            SetupLink setupLink,
            ConsoleProperties settings) {
        this.users = users;
        this.workspaces = workspaces;
        this.encoder = encoder;
        this.db = db;
        this.audit = audit;
        this.events = events;
        this.ownerEmail = settings.bootstrap().ownerEmail();
        this.ownerPassword = settings.bootstrap().ownerPassword();
        this.workspaceName = settings.bootstrap().workspace();
        this.setupLink = setupLink;
    }

    /** Runs once every bean exists and before the web server opens, so no request sees a half-set-up install. */
    @Override
    @Transactional
    public void afterSingletonsInstantiated() {
        waitForOtherNodes();
        if (users.anyExists()) {
            return;
        }
        if (!ownerEmail.isBlank() && !ownerPassword.isBlank()) {
            createOwner(ownerEmail, "Owner", ownerPassword, workspaceName);
            log.info("First run: created the bootstrap Owner and the workspace '{}'", workspaceName);
            return;
        }
        String token = newToken();
        db.deleteFrom(SETUP_TOKEN).execute();
        db.insertInto(SETUP_TOKEN)
                .set(SETUP_TOKEN.ID, 1)
                .set(SETUP_TOKEN.TOKEN_HASH, sha256(token))
                .set(SETUP_TOKEN.CREATED_AT, OffsetDateTime.now())
                .execute();
        setupLink.announce(token);
    }

    /** Holds the first-run lock until the caller's transaction ends. */
    private void waitForOtherNodes() {
        db.selectFrom(FIRST_RUN_LOCK).where(FIRST_RUN_LOCK.ID.eq(1)).forUpdate().fetchOne();
    }

    /** Whether the one-time setup page is open: no person exists yet. */
    @Transactional(readOnly = true)
    public boolean setupOpen() {
        return !users.anyExists();
    }

    /**
     * Completes setup with the logged token: creates the Owner and the first workspace, and
     * burns the token. Fails if the token is wrong or used, or if an Owner exists.
     *
     * @return the new Owner's email (stored form) and first workspace
     */
    @Transactional
    public SetUp completeSetup(String token, String email, String name, String password, String workspace) {
        waitForOtherNodes();
        var row = db.selectFrom(SETUP_TOKEN)
                .where(SETUP_TOKEN.ID.eq(1))
                .forUpdate()
                .fetchOne();
        if (row == null
                || row.getUsedAt() != null
                || token == null
                || !MessageDigest.isEqual(
                        row.getTokenHash().getBytes(StandardCharsets.US_ASCII),
                        sha256(token.trim()).getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidInputException(
                    "token", "This setup link is not valid. Use the newest link from the console's log.");
        }
        if (users.anyExists()) {
            throw new IllegalStateException("Setup is already complete.");
        }
        SetUp setUp = createOwner(email, name, password, workspace);
        row.setUsedAt(OffsetDateTime.now());
        row.store();
        return setUp;
    }

    /** What setup created: the first Owner (by stored email) and the first workspace. */
    public record SetUp(String ownerEmail, UUID workspaceId) {}

    private SetUp createOwner(String email, String name, String password, String workspace) {
        if (!Emails.isValid(email)) {
            throw new InvalidInputException("email", "Enter a valid email address.");
        }
        String normalized = Emails.normalize(email);
        String displayName = Names.DISPLAY_NAME.require(
                name == null || name.isBlank() ? normalized.substring(0, normalized.indexOf('@')) : name);
        Names.WORKSPACE_NAME.require(workspace);
        AccountService.requireStrong("password", password);
        // the first Owner is also the install's first operator (support staff): DD024
        UUID userId = users.insert(email, displayName, encoder.encode(password), true);
        UUID workspaceId = workspaces.createWithOwner(workspace, userId);
        audit.record(new AuditEntry(
                workspaceId,
                Actor.SYSTEM,
                "core.install.bootstrapped",
                AuditTarget.user(userId, displayName + " <" + normalized + ">"),
                "First Owner (the install's first operator) and workspace created",
                ""));
        events.publishEvent(new FirstRunCompleted(workspaceId, userId, Instant.now()));
        return new SetUp(normalized, workspaceId);
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
