package dev.vlmconsole.keys.platform;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.SecretHasher;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing platform keys: install-wide keys of the platform's own services, which only operators
 * ({@link Permissions#OPERATOR}) see, create and revoke. Every change is written to the install's audit
 * log (no workspace) and reaches every node through the change feed ({@link PlatformKeyVerifier}).
 */
public class PlatformKeyService {

    /** A platform key's name, in {@code platform_keys.name} (100 characters). */
    public static final Names.Rule NAME = new Names.Rule("name", 50);
    /** The input the scopes are reported on. */
    public static final String SCOPES = "scopes";
    /** The audit target type of platform keys. */
    public static final String AUDIT_TARGET = "keys.platform_key";
    /** Who created the bootstrap key, as the page shows it. */
    public static final String BOOTSTRAP_CREATOR = "CONSOLE_BOOTSTRAP_PLATFORM_KEY";

    private final PlatformKeyRepository keys;
    private final KeyFormat format;
    private final SecretHasher hasher;
    private final PlatformKeyVerifier verifier;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final Clock clock;

    public PlatformKeyService(
            PlatformKeyRepository keys,
            KeyFormat format,
            SecretHasher hasher,
            PlatformKeyVerifier verifier,
            ConsoleContext context,
            AuditLog audit,
            Clock clock) {
        this.keys = keys;
        this.format = format;
        this.hasher = hasher;
        this.verifier = verifier;
        this.context = context;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new platform key with its secret, returned once and never again. */
    public record KeyWithSecret(PlatformKey key, String secret) {}

    /** Every platform key, active ones first, newest first. */
    @Transactional(readOnly = true)
    public List<PlatformKey> list() {
        context.require(Permissions.OPERATOR);
        return keys.all();
    }

    /**
     * Creates a platform key and answers its secret, once.
     *
     * @param scopes some of {@link PlatformKeyPrincipal#ALL_SCOPES}, at least one
     * @throws InvalidInputException naming {@code name} and {@code scopes} when refused; nothing is created
     */
    @Transactional
    public KeyWithSecret create(String name, Set<String> scopes) {
        context.require(Permissions.OPERATOR);
        InvalidInputException.Builder invalid = InvalidInputException.builder().check(NAME.field(), NAME.problem(name));
        if (scopes == null || scopes.isEmpty()) {
            invalid.add(SCOPES, "Choose at least one scope.");
        } else if (!PlatformKeyPrincipal.ALL_SCOPES.containsAll(scopes)) {
            invalid.add(SCOPES, "Scopes are usage, verify and operator.");
        }
        invalid.throwIfAny();
        Actor actor = context.actor();
        String secret = format.generatePlatform();
        PlatformKey key = new PlatformKey(
                UUID.randomUUID(),
                NAME.require(name),
                format.platformDisplayPrefix(secret),
                scopes,
                label(actor),
                clock.instant(),
                null,
                null);
        keys.insert(key, hasher.hash(secret), actor.kind() == Actor.Kind.USER ? actor.id() : null);
        verifier.announceChange(key.id());
        record(actor, "keys.platform_key.created", key, describe(key));
        return new KeyWithSecret(key, secret);
    }

    /** Revokes a key at once, on every node; false if it was revoked already. */
    @Transactional
    public boolean revoke(UUID keyId) {
        context.require(Permissions.OPERATOR);
        PlatformKey key = keys.find(keyId).orElseThrow(() -> new NoSuchElementException("No such platform key."));
        if (!keys.revoke(key.id(), clock.instant())) {
            return false;
        }
        verifier.announceChange(key.id());
        record(context.actor(), "keys.platform_key.revoked", key, describe(key));
        return true;
    }

    /**
     * Installs a platform key whose secret the install chose ({@code CONSOLE_BOOTSTRAP_PLATFORM_KEY})
     * with every scope, unless that secret is stored already (revoked or not: a revoked bootstrap key
     * stays revoked). Answers whether it was installed.
     */
    @Transactional
    public boolean install(String secret, String name) {
        if (!format.isWellFormedPlatform(secret)) {
            throw new IllegalArgumentException("Not a well-formed platform key");
        }
        String hash = hasher.hash(secret);
        if (keys.hashExists(hash)) {
            return false;
        }
        PlatformKey key = new PlatformKey(
                UUID.randomUUID(),
                name,
                format.platformDisplayPrefix(secret),
                PlatformKeyPrincipal.ALL_SCOPES,
                BOOTSTRAP_CREATOR,
                clock.instant(),
                null,
                null);
        keys.insert(key, hash, null);
        verifier.announceChange(key.id());
        audit.record(new AuditEntry(
                null,
                Actor.SYSTEM,
                "keys.platform_key.created",
                target(key),
                describe(key) + ", installed from " + BOOTSTRAP_CREATOR,
                ""));
        return true;
    }

    private void record(Actor actor, String action, PlatformKey key, String details) {
        audit.record(new AuditEntry(
                null,
                actor,
                action,
                target(key),
                details,
                context.sourceAddress().orElse("")));
    }

    /** The key as audit entries name it (never the secret). */
    static AuditTarget target(PlatformKey key) {
        return AuditTarget.of(AUDIT_TARGET, key.id(), key.name() + " (" + key.displayPrefix() + ")");
    }

    private static String describe(PlatformKey key) {
        return "'" + key.name() + "' " + key.displayPrefix() + " (scopes " + key.scopeList() + ")";
    }

    private static String label(Actor actor) {
        return actor.email().isEmpty() ? actor.displayName() : actor.displayName() + " <" + actor.email() + ">";
    }
}
