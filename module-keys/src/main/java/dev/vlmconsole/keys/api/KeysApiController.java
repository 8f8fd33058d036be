package dev.vlmconsole.keys.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyLimitReachedException;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysProperties;
import dev.vlmconsole.keys.verify.KeyStoreUnavailableException;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimitStatus;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.Verification;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys part of the machine API: verification for the gateway, {@code /me} for any key, and
 * key management for admin keys. Bad input is a 4xx problem and changes nothing: the console's
 * exception handler turns {@code InvalidInputException} into 400 naming each refused field (named as
 * in the JSON bodies and query parameters), any other {@code IllegalArgumentException} into 400, {@code PermissionDeniedException}
 * into 403 and {@code NoSuchElementException} into 404.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class KeysApiController {

    private final KeyVerifier verifier;
    private final KeyService keys;
    private final RateLimiter rateLimiter;
    private final EntitlementService entitlements;
    private final Clock clock;
    private final ConsoleContext context;
    private final boolean verifyRequiresPlatformKey;

    public KeysApiController(
            KeyVerifier verifier,
            KeyService keys,
            RateLimiter rateLimiter,
            EntitlementService entitlements,
            Clock clock,
            ConsoleContext context,
            KeysProperties settings) {
        this.context = context;
        this.verifyRequiresPlatformKey = settings.verifyRequiresPlatformKey();
        this.verifier = verifier;
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.entitlements = entitlements;
        this.clock = clock;
    }

    /** The body of a verification. */
    public record VerifyRequest(String key) {}

    /**
     * Always 200; {@code code} says why a key is not valid, the first that applies in the order of
     * precedence of {@code VerificationCode}.
     */
    public record VerifyResponse(
            boolean valid, String code, UUID keyId, UUID workspaceId, List<String> scopes, RateLimitStatus ratelimit) {}

    /** Who the calling key is. */
    public record Me(UUID keyId, String name, UUID workspaceId, List<String> scopes, RateLimitStatus ratelimit) {}

    /**
     * A key as the API shows it: never its secret. {@code owner} is {@code "workspace"} for a service key
     * (its {@code ownerUserId} is null, DD037) and {@code "member"} for a member's key; {@code createdBy}
     * names who created it (null for keys older than the console's record of it).
     */
    public record KeyView(
            UUID id,
            String name,
            String project,
            String scope,
            String prefix,
            String status,
            String owner,
            UUID ownerUserId,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {
        static KeyView of(ApiKey k, Instant now) {
            return new KeyView(
                    k.id(),
                    k.name(),
                    k.project(),
                    k.scope(),
                    k.displayPrefix(),
                    k.status(now).name().toLowerCase(Locale.ROOT),
                    k.isServiceKey() ? KeyService.OWNER_WORKSPACE : "member",
                    k.ownerUserId(),
                    k.createdBy(),
                    k.createdAt(),
                    k.expiresAt(),
                    k.revokedAt(),
                    k.lastUsedAt());
        }
    }

    /** A key with its secret, answered once. */
    public record KeyWithSecretView(KeyView key, String secret) {}

    /**
     * The body of a creation: {@code scope} {@code inference} (the default), {@code admin} or {@code scim};
     * {@code owner} {@code "me"} or {@code "workspace"} (a service key, for Owners: every SCIM key is one).
     */
    public record CreateRequest(String name, String project, Instant expiresAt, String scope, String owner) {}

    /** The body of a roll; the grace period is 0, 3600, 86400 or 604800 seconds. */
    public record RollRequest(Long gracePeriodSeconds) {}

    /**
     * Verifies a key for the gateway. Where the install requires it
     * ({@code console.keys.verify-requires-platform-key}), only a caller that sent a platform key with the
     * {@code verify} scope ({@code X-Platform-Key}, or as the bearer token; the console authenticates it
     * before this runs) is answered: without one 401, with one lacking the scope 403.
     */
    @PostMapping(path = "/keys/verify", consumes = "application/json")
    public VerifyResponse verify(@RequestBody VerifyRequest request) {
        if (verifyRequiresPlatformKey) {
            PlatformKeyRequirement.require(context, PlatformKeyPrincipal.SCOPE_VERIFY);
        }
        if (request == null || request.key() == null) {
            throw InvalidInputException.of("key", "The body must be {\"key\": \"...\"}.");
        }
        Verification v = verifier.verify(request.key());
        return new VerifyResponse(v.valid(), v.code().name(), v.keyId(), v.workspaceId(), v.scopes(), v.rateLimit());
    }

    /** Who the calling key is; a SCIM key calls SCIM only, and is refused here as everywhere else. */
    @GetMapping("/me")
    public Me me() {
        ApiKeyPrincipal key = caller();
        if (key.hasScope(ApiKeyPrincipal.SCOPE_SCIM)) {
            throw new PermissionDeniedException(ApiKeyPrincipal.SCOPE_SCIM);
        }
        RateLimitStatus window = rateLimiter.peek(key.workspaceId(), entitlements.entitlementsOf(key.workspaceId()));
        return new Me(key.keyId(), key.name(), key.workspaceId(), List.copyOf(key.scopes()), window);
    }

    @GetMapping("/keys")
    public List<KeyView> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String project,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (offset < 0) {
            invalid.add("offset", "offset must be >= 0.");
        }
        if (limit < 1 || limit > 1000) {
            invalid.add("limit", "limit must be between 1 and 1000.");
        }
        invalid.throwIfAny();
        ApiKey.Status s = status == null ? null : parseStatus(status);
        Instant now = clock.instant();
        return keys
                .list(
                        new KeyRepository.Filter(s, project, null, null),
                        KeyRepository.SortBy.CREATED,
                        false,
                        offset,
                        limit)
                .stream()
                .map(r -> KeyView.of(r.key(), now))
                .toList();
    }

    @GetMapping("/keys/{id}")
    public KeyView get(@PathVariable UUID id) {
        return KeyView.of(keys.get(id), clock.instant());
    }

    @PostMapping(path = "/keys", consumes = "application/json")
    public ResponseEntity<KeyWithSecretView> create(@RequestBody CreateRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("A body with at least \"name\" is required.");
        }
        KeyService.KeyWithSecret created = keys.create(new KeyService.NewKey(
                request.name(), request.project(), request.expiresAt(), request.scope(), request.owner()));
        return ResponseEntity.created(URI.create("/api/v1/keys/" + created.key().id()))
                .body(new KeyWithSecretView(KeyView.of(created.key(), clock.instant()), created.secret()));
    }

    @DeleteMapping("/keys/{id}")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/keys/{id}/roll")
    public KeyWithSecretView roll(@PathVariable UUID id, @RequestBody(required = false) RollRequest request) {
        long seconds = request == null || request.gracePeriodSeconds() == null ? 0 : request.gracePeriodSeconds();
        KeyService.KeyWithSecret rolled = keys.roll(id, Duration.ofSeconds(seconds));
        return new KeyWithSecretView(KeyView.of(rolled.key(), clock.instant()), rolled.secret());
    }

    @ExceptionHandler(KeyLimitReachedException.class)
    ResponseEntity<ProblemDetail> limitReached(KeyLimitReachedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Too many active keys");
        problem.setProperty("limit", e.limit());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(KeyStoreUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(KeyStoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE, "API keys cannot be checked right now. Retry shortly."));
    }

    private ApiKeyPrincipal caller() {
        return context.apiKey().orElseThrow(() -> new PermissionDeniedException("api key"));
    }

    private static ApiKey.Status parseStatus(String s) {
        try {
            return ApiKey.Status.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("status", "status must be one of active, expiring, revoked, expired.");
        }
    }
}
