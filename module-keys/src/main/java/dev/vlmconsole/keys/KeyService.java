package dev.vlmconsole.keys;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.UsageTotals;
import dev.vlmconsole.keys.KeyFormat.Scope;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing keys, for people (Keys page) and admin keys (management API). Every method checks the
 * acting context first; Members manage only their own keys, Owners and Admins every key of the
 * workspace, Viewers read. Service keys, owned by the workspace rather than by a member (the SCIM key,
 * admin keys for automation), are created, changed and revoked by Owners only, a person or their admin
 * key, never by a service key (DD037). Every change writes one audit entry (never the secret) and tells
 * every node through the {@link KeyChangeFeed}.
 */
public class KeyService {

    /** Grace periods a roll offers: the old secret keeps working this long. */
    public static final List<Duration> GRACE_PERIODS =
            List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));
    /** A key's name: 50 code points fit {@code api_keys.name} (100 characters) on H2 and PostgreSQL. */
    public static final Names.Rule KEY_NAME = new Names.Rule("name", 50);
    /** A key's optional project label, in {@code api_keys.project} (100 characters). */
    public static final Names.Rule PROJECT = new Names.Rule("project", 50);
    /** The input a key's expiry is reported on ({@code expiresAt}, as the API's JSON spells it). */
    public static final String EXPIRES_AT = "expiresAt";
    /** The input a key's scope is reported on. */
    public static final String SCOPE = "scope";
    /** The input a key's owner is reported on: {@link #OWNER_ME} or {@link #OWNER_WORKSPACE}. */
    public static final String OWNER = "owner";
    /** A key owned by the member creating it (or, for an admin key, by its owner). */
    public static final String OWNER_ME = "me";
    /** A service key, owned by the workspace (DD037). */
    public static final String OWNER_WORKSPACE = "workspace";
    /** The input a roll's grace period is reported on. */
    public static final String GRACE_PERIOD = "gracePeriodSeconds";

    private final KeyRepository keys;
    private final KeyFormat format;
    private final SecretHasher hasher;
    private final KeyChangeFeed feed;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final UsageQueries usage;
    private final Clock clock;
    private final int maxActivePerWorkspace;

    /** @param maxActivePerWorkspace the most active (not revoked, not expired) keys a workspace may have */
    public KeyService(
            KeyRepository keys,
            KeyFormat format,
            SecretHasher hasher,
            KeyChangeFeed feed,
            ConsoleContext context,
            AuditLog audit,
            UsageQueries usage,
            Clock clock,
            int maxActivePerWorkspace) {
        if (maxActivePerWorkspace < 1) {
            throw new IllegalArgumentException("console.keys.max-active-per-workspace must be at least 1");
        }
        this.maxActivePerWorkspace = maxActivePerWorkspace;
        this.keys = keys;
        this.format = format;
        this.hasher = hasher;
        this.feed = feed;
        this.context = context;
        this.audit = audit;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * What a new key should be.
     *
     * @param name      see {@link #KEY_NAME}
     * @param project   optional label, see {@link #PROJECT}
     * @param expiresAt optional, in the future
     * @param scope     {@code inference} (when null), {@code admin} or {@code scim}
     * @param owner     {@link #OWNER_ME} or {@link #OWNER_WORKSPACE}; when null, a SCIM key is the
     *                  workspace's and any other key the creator's
     */
    public record NewKey(String name, String project, Instant expiresAt, String scope, String owner) {

        /** A key of the creator's own (a SCIM key: the workspace's). */
        public NewKey(String name, String project, Instant expiresAt, String scope) {
            this(name, project, expiresAt, scope, null);
        }
    }

    /** A key with its secret, returned once at creation or roll and never again. */
    public record KeyWithSecret(ApiKey key, String secret) {}

    /** A key with its usage over the last 30 days. */
    public record KeyRow(ApiKey key, long requests30d, BigDecimal credits30d) {}

    /**
     * Creates a key and answers its secret, once.
     *
     * A service key ({@link NewKey#owner()} {@link #OWNER_WORKSPACE}, and every SCIM key) needs
     * {@link KeysModule#SERVICE_KEYS}, held by Owners, and a person behind the call: a service key creates
     * no keys (DD037).
     *
     * @throws InvalidInputException naming every refused input at once ({@code name}, {@code project},
     *                               {@code expiresAt}, {@code scope}, {@code owner}); nothing is created
     */
    @Transactional
    public KeyWithSecret create(NewKey request) {
        context.require(KeysModule.MANAGE_OWN);
        Instant now = clock.instant();
        Optional<Scope> requestedScope = Scope.of(request.scope() == null ? "inference" : request.scope());
        InvalidInputException.Builder invalid = InvalidInputException.builder()
                .check(KEY_NAME.field(), KEY_NAME.problem(request.name()))
                .check(PROJECT.field(), PROJECT.optionalProblem(request.project()))
                .check(EXPIRES_AT, expiryProblem(request.expiresAt(), now));
        if (requestedScope.isEmpty()) {
            invalid.add(SCOPE, "Scope must be 'inference', 'admin' or 'scim'.");
        } else {
            ownerProblem(requestedScope.get(), request.owner()).ifPresent(problem -> invalid.add(OWNER, problem));
        }
        invalid.throwIfAny();
        String name = KEY_NAME.require(request.name());
        String project = PROJECT.optional(request.project());
        Scope scope = requestedScope.orElseThrow();
        boolean serviceKey = scope == Scope.SCIM || OWNER_WORKSPACE.equals(request.owner());
        if (scope == Scope.ADMIN) {
            context.require(KeysModule.ADMIN_SCOPE);
        }
        if (serviceKey) {
            requireServiceKeyManager();
        }
        UUID workspaceId = context.workspaceId();
        keys.lockWorkspace(workspaceId); // creations in one workspace queue here, so the count below stays true
        if (keys.countActive(workspaceId, now) >= maxActivePerWorkspace) {
            throw new KeyLimitReachedException(maxActivePerWorkspace);
        }
        String secret = format.generate(scope);
        Actor creator = context.actor();
        ApiKey key = new ApiKey(
                UUID.randomUUID(),
                workspaceId,
                serviceKey ? null : actingUser(),
                name,
                project,
                scope.id(),
                format.displayPrefix(secret),
                now,
                request.expiresAt(),
                null,
                null,
                creator.displayName());
        String hash = hasher.hash(secret);
        keys.insert(key, creator.id(), hash);
        feed.hashAdded(hash);
        audit.record("keys.key.created", target(key), describe(key));
        return new KeyWithSecret(key, secret);
    }

    /** Installs a key whose secret an operator chose (the bootstrap admin key), owned by {@code owner}. */
    @Transactional
    public ApiKey install(String secret, UUID workspaceId, UUID owner, String name, Actor actor) {
        KeyFormat.ParsedKey parsed =
                format.parse(secret).orElseThrow(() -> new IllegalArgumentException("Not a well-formed key"));
        String hash = hasher.hash(secret);
        Instant now = clock.instant();
        ApiKey key = new ApiKey(
                UUID.randomUUID(),
                workspaceId,
                owner,
                name,
                null,
                parsed.scope().id(),
                format.displayPrefix(secret),
                now,
                null,
                null,
                null,
                actor.displayName());
        keys.insert(key, actor.kind() == Actor.Kind.SYSTEM ? null : actor.id(), hash);
        feed.hashAdded(hash);
        audit.record(new AuditEntry(
                workspaceId,
                actor,
                "keys.key.created",
                target(key),
                describe(key) + ", installed from CONSOLE_BOOTSTRAP_ADMIN_KEY",
                ""));
        return key;
    }

    /** Whether a secret is already stored (by hash). */
    @Transactional(readOnly = true)
    public boolean exists(String secret) {
        return keys.hashExists(hasher.hash(secret));
    }

    @Transactional(readOnly = true)
    public List<KeyRow> list(
            KeyRepository.Filter filter, KeyRepository.SortBy sort, boolean ascending, int offset, int limit) {
        context.require(KeysModule.READ);
        UUID ws = context.workspaceId();
        Instant now = clock.instant();
        List<ApiKey> page = keys.list(ws, visible(filter), sort, ascending, offset, limit, now);
        LocalDate to = LocalDate.now(clock.withZone(usage.dayZone()));
        LocalDate from = to.minusDays(29);
        Map<UUID, Long> requests = keys.requestsByKey(ws, from, to);
        Map<UUID, UsageTotals> credits = usage.totalsByKey(ws, from, to);
        List<KeyRow> rows = new ArrayList<>(page.size());
        for (ApiKey k : page) {
            rows.add(new KeyRow(
                    k,
                    requests.getOrDefault(k.id(), 0L),
                    credits.getOrDefault(k.id(), UsageTotals.NONE).credits()));
        }
        return rows;
    }

    @Transactional(readOnly = true)
    public int count(KeyRepository.Filter filter) {
        context.require(KeysModule.READ);
        return keys.count(context.workspaceId(), visible(filter), clock.instant());
    }

    @Transactional(readOnly = true)
    public ApiKey get(UUID keyId) {
        context.require(KeysModule.READ);
        ApiKey key = find(keyId);
        if (!context.can(KeysModule.READ_ALL) && !Objects.equals(key.ownerUserId(), actingUser())) {
            throw new NoSuchElementException("No such key in this workspace.");
        }
        return key;
    }

    @Transactional(readOnly = true)
    public List<String> projects() {
        context.require(KeysModule.READ);
        return keys.projects(context.workspaceId());
    }

    /** Requests (and credits, when billing records them) per day over the last {@code days} days. */
    @Transactional(readOnly = true)
    public List<DailyUsage> usage(UUID keyId, int days) {
        ApiKey key = get(keyId);
        LocalDate to = LocalDate.now(clock.withZone(usage.dayZone()));
        LocalDate from = to.minusDays(days - 1L);
        Map<LocalDate, Long> requests = keys.dailyRequests(key.id(), from, to);
        Map<LocalDate, BigDecimal> credits = new HashMap<>();
        usage.daily(key.workspaceId(), key.id(), from, to)
                .forEach(d -> credits.put(d.day(), d.totals().credits()));
        List<DailyUsage> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(new DailyUsage(
                    d, new UsageTotals(requests.getOrDefault(d, 0L), credits.getOrDefault(d, BigDecimal.ZERO))));
        }
        return out;
    }

    /** The key's audit history, newest first. */
    @Transactional(readOnly = true)
    public List<AuditLog.AuditRecord> history(UUID keyId) {
        ApiKey key = get(keyId);
        return audit.historyOf(target(key), 100);
    }

    /** Revokes a key at once, on every node. Revoking a revoked key changes nothing. */
    @Transactional
    public boolean revoke(UUID keyId) {
        ApiKey key = manageable(keyId);
        if (!keys.revoke(key.id(), clock.instant())) {
            return false;
        }
        feed.keyChanged(key.id());
        audit.record("keys.key.revoked", target(key), describe(key));
        return true;
    }

    /**
     * Revokes one of the workspace's service keys (the Team page's SCIM card, through
     * {@code KeyCatalog.revokeServiceKey}), for an Owner. A key of a member, or of another workspace, is
     * answered like an unknown one.
     *
     * @return false when it was revoked already
     */
    @Transactional
    public boolean revokeServiceKey(UUID keyId) {
        requireServiceKeyManager();
        ApiKey key = find(keyId);
        if (!key.isServiceKey()) {
            throw new NoSuchElementException("No such service key in this workspace.");
        }
        return revoke(key.id());
    }

    /** Gives a key a new secret; the old one keeps working for {@code grace} (one of {@link #GRACE_PERIODS}). */
    @Transactional
    public KeyWithSecret roll(UUID keyId, Duration grace) {
        if (grace == null || !GRACE_PERIODS.contains(grace)) {
            throw InvalidInputException.of(GRACE_PERIOD, "The grace period must be none, 1 hour, 24 hours or 7 days.");
        }
        ApiKey key = manageable(keyId);
        keys.lock(key.id()); // two rolls at once would each leave a secret that never expires
        key = find(key.id());
        if (key.revokedAt() != null) {
            throw new IllegalArgumentException("A revoked key cannot be rolled.");
        }
        Instant now = clock.instant();
        keys.retireCurrentSecrets(key.id(), now.plus(grace));
        String secret = format.generate(Scope.of(key.scope()).orElseThrow());
        String hash = hasher.hash(secret);
        keys.insertSecret(key.id(), hash, now);
        String prefix = format.displayPrefix(secret);
        keys.update(key.id(), r -> r.setDisplayPrefix(prefix));
        feed.keyChanged(key.id());
        feed.hashAdded(hash);
        audit.record(
                "keys.key.rolled",
                target(key),
                describe(key) + ", new prefix " + prefix + ", old secret works until "
                        + DateTimeFormatter.ISO_INSTANT.format(now.plus(grace)));
        return new KeyWithSecret(find(key.id()), secret);
    }

    @Transactional
    public ApiKey rename(UUID keyId, String newName) {
        ApiKey key = manageable(keyId);
        String name = KEY_NAME.require(newName);
        keys.update(key.id(), r -> r.setName(name));
        feed.keyChanged(key.id());
        ApiKey renamed = find(key.id());
        audit.record("keys.key.renamed", target(renamed), "from '" + key.name() + "' to '" + name + "'");
        return renamed;
    }

    /** Sets ({@code expiresAt} in the future) or clears ({@code null}) a key's expiry. */
    @Transactional
    public ApiKey setExpiry(UUID keyId, Instant expiresAt) {
        ApiKey key = manageable(keyId);
        validExpiry(expiresAt, clock.instant());
        keys.update(key.id(), r -> r.setExpiresAt(KeyRepository.odt(expiresAt)));
        feed.keyChanged(key.id());
        audit.record(
                "keys.key.expiry_set",
                target(key),
                describe(key) + ", expires "
                        + (expiresAt == null ? "never" : DateTimeFormatter.ISO_INSTANT.format(expiresAt)));
        return find(key.id());
    }

    /**
     * Revokes every active key of a member who left the workspace, in the caller's transaction,
     * with one audit entry listing them.
     */
    @Transactional
    public List<ApiKey> revokeAllOf(UUID workspaceId, UUID userId, Actor actor) {
        List<ApiKey> active = keys.activeKeysOf(workspaceId, userId);
        Instant now = clock.instant();
        for (ApiKey k : active) {
            keys.revoke(k.id(), now);
            feed.keyChanged(k.id());
        }
        if (!active.isEmpty()) {
            String list = String.join(
                    ", ",
                    active.stream()
                            .map(k -> k.displayPrefix() + " (" + k.name() + ")")
                            .toList());
            // the membership is gone already, so the directory no longer names the person: the label is derived
            audit.record(new AuditEntry(
                    workspaceId,
                    actor,
                    "keys.key.revoked_with_member",
                    AuditTarget.user(userId, null),
                    "Revoked " + active.size() + " key(s): " + list,
                    ""));
        }
        return active;
    }

    /** Whether the actor may change {@code key}. */
    private boolean canManage(ApiKey key) {
        if (key.isServiceKey()) {
            return mayManageServiceKeys();
        }
        return context.can(KeysModule.MANAGE_ALL)
                || (context.can(KeysModule.MANAGE_OWN) && key.ownerUserId().equals(actingUserOrNull()));
    }

    /**
     * Whether the actor may create, change and revoke service keys: an Owner ({@link KeysModule#SERVICE_KEYS})
     * with a person behind the call, signed in or through their admin key. A service key never may: keys
     * that nobody answers for must not make more of themselves (DD037).
     */
    public boolean mayManageServiceKeys() {
        return context.can(KeysModule.SERVICE_KEYS) && actingUserOrNull() != null;
    }

    private void requireServiceKeyManager() {
        if (!mayManageServiceKeys()) {
            throw new PermissionDeniedException(KeysModule.SERVICE_KEYS);
        }
    }

    private ApiKey manageable(UUID keyId) {
        context.require(KeysModule.MANAGE_OWN);
        ApiKey key = find(keyId);
        if (!canManage(key)) {
            throw new PermissionDeniedException(key.isServiceKey() ? KeysModule.SERVICE_KEYS : KeysModule.MANAGE_ALL);
        }
        return key;
    }

    private ApiKey find(UUID keyId) {
        return keys.find(context.workspaceId(), keyId)
                .orElseThrow(() -> new NoSuchElementException("No such key in this workspace."));
    }

    private KeyRepository.Filter visible(KeyRepository.Filter f) {
        KeyRepository.Filter filter = f == null ? KeyRepository.Filter.ALL : f;
        if (context.can(KeysModule.READ_ALL)) {
            return filter;
        }
        return new KeyRepository.Filter(filter.status(), filter.project(), actingUser(), filter.text());
    }

    /** The person acting, or for an admin key, the person who owns it. */
    private UUID actingUser() {
        UUID id = actingUserOrNull();
        if (id == null) {
            throw new PermissionDeniedException("sign-in");
        }
        return id;
    }

    private UUID actingUserOrNull() {
        Actor actor = context.actor();
        return switch (actor.kind()) {
            case USER -> actor.id();
            case API_KEY ->
                context.apiKey().isPresent()
                        ? context.apiKey().get().ownerUserId() // null for a service key
                        : keys.find(context.workspaceId(), actor.id())
                                .map(ApiKey::ownerUserId)
                                .orElse(null);
            case SYSTEM -> null;
        };
    }

    /** The key as audit entries name it: by id, labelled with its name and display prefix (never the secret). */
    static AuditTarget target(ApiKey key) {
        return AuditTarget.apiKey(key.id(), key.name() + " (" + key.displayPrefix() + ")");
    }

    private static String describe(ApiKey key) {
        return "'" + key.name() + "' " + key.displayPrefix() + " (" + key.scope()
                + (key.isServiceKey() ? ", owned by the workspace" : "") + ")";
    }

    /** Why {@code owner} cannot own a key of {@code scope}, or empty when it can. */
    private static Optional<String> ownerProblem(Scope scope, String owner) {
        if (owner != null && !owner.equals(OWNER_ME) && !owner.equals(OWNER_WORKSPACE)) {
            return Optional.of("Owner must be 'me' or 'workspace'.");
        }
        if (scope == Scope.INFERENCE && OWNER_WORKSPACE.equals(owner)) {
            return Optional.of(
                    "An inference key belongs to a member: only admin and SCIM keys can be the workspace's.");
        }
        if (scope == Scope.SCIM && OWNER_ME.equals(owner)) {
            return Optional.of("A SCIM key is always the workspace's, so that provisioning outlives any one person.");
        }
        return Optional.empty();
    }

    static void validExpiry(Instant expiresAt, Instant now) {
        expiryProblem(expiresAt, now).ifPresent(message -> {
            throw InvalidInputException.of(EXPIRES_AT, message);
        });
    }

    /** Why {@code expiresAt} cannot be a key's expiry, or empty when it can (none is fine). */
    static Optional<String> expiryProblem(Instant expiresAt, Instant now) {
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(Duration.ofDays(3660))))) {
            return Optional.of("The expiry must be in the future and within 10 years.");
        }
        return Optional.empty();
    }
}
