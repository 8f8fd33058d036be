package dev.vlmconsole.keys.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.KeysProperties;
import dev.vlmconsole.keys.verify.KeyStoreUnavailableException;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimitStatus;
import dev.vlmconsole.keys.verify.Verification;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Forward-auth for gateways ({@code nginx auth_request}, Traefik {@code ForwardAuth}, Envoy
 * {@code ext_authz}): the gateway forwards the client's headers, and the client's key is verified exactly
 * as {@code POST /api/v1/keys/verify} does (one rate-limit token taken and one request counted when it is
 * valid). The key is the subject, not the caller: the path is public (no scope allow-list, no
 * management-call limit); where {@code console.keys.verify-requires-platform-key} is on, the gateway sends
 * its own platform key (scope {@code verify}) in {@code X-Platform-Key}.
 *
 * <p>Any method is answered (nginx sends {@code GET}, Envoy the client's method), on the path and below it
 * (Envoy appends the client's path to its {@code path_prefix}). A valid key is {@code 200} with an empty
 * body and {@code X-Workspace-Id}, {@code X-Key-Id}, {@code X-RateLimit-*} and {@code X-Verify-Code:
 * VALID}; a refusal is a problem the gateway can hand to its client, always with {@code X-Verify-Code}:
 * 401 (no key, malformed, unknown, revoked, expired) with {@code WWW-Authenticate: Bearer}, 402
 * (insufficient credits), 403 (suspended), 429 with {@code Retry-After} (rate limited). A key store that
 * cannot answer is a 503 with {@code Retry-After}, as verification is. The status mapping, and how the
 * nginx recipe gets 402 and 429 past {@code auth_request}: DD030.
 */
@RestController
@RequestMapping(
        path = {ForwardAuthController.PATH, ForwardAuthController.PATH + "/**"},
        method = {
            RequestMethod.GET,
            RequestMethod.HEAD,
            RequestMethod.POST,
            RequestMethod.PUT,
            RequestMethod.PATCH,
            RequestMethod.DELETE,
            RequestMethod.OPTIONS
        })
public class ForwardAuthController {

    /** The forward-auth path; everything below it is answered the same (Envoy's {@code path_prefix}). */
    public static final String PATH = "/api/v1/auth/forward";
    /** The client's key when it sends no {@code Authorization: Bearer}. */
    public static final String API_KEY_HEADER = "X-Api-Key";
    /** The verification code of the answer, on every answer but a 503. */
    public static final String CODE_HEADER = "X-Verify-Code";

    private static final String BEARER = "Bearer ";
    private static final String MISSING = "Send an API key as 'Authorization: Bearer <key>' (or 'X-Api-Key').";

    private final KeyVerifier verifier;
    private final ConsoleContext context;
    private final Clock clock;
    private final boolean requiresPlatformKey;

    public ForwardAuthController(KeyVerifier verifier, ConsoleContext context, Clock clock, KeysProperties settings) {
        this.verifier = verifier;
        this.context = context;
        this.clock = clock;
        this.requiresPlatformKey = settings.verifyRequiresPlatformKey();
    }

    @RequestMapping
    public ResponseEntity<?> forward(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = API_KEY_HEADER, required = false) String apiKey) {
        if (requiresPlatformKey) {
            PlatformKeyRequirement.require(context, PlatformKeyPrincipal.SCOPE_VERIFY);
        }
        String presented = presented(authorization, apiKey);
        Verification verification;
        try {
            // an absent key is verified too (as the empty string: MALFORMED, without I/O), so that every
            // forward-auth answer is a verification and counted as one
            verification = verifier.verify(presented == null ? "" : presented);
        } catch (KeyStoreUnavailableException e) {
            return unavailable();
        }
        return answer(verification, presented == null);
    }

    /**
     * The client's key: the bearer token, else {@code X-Api-Key}; null when it sent neither. An
     * {@code Authorization} header of another scheme (Basic, say) is not a key.
     */
    static String presented(String authorization, String apiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.strip();
        }
        return null;
    }

    private ResponseEntity<?> answer(Verification v, boolean missing) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(CODE_HEADER, v.code().name());
        rateLimitHeaders(headers, v.rateLimit());
        if (v.valid()) {
            headers.set("X-Workspace-Id", v.workspaceId().toString());
            headers.set("X-Key-Id", v.keyId().toString());
            return ResponseEntity.ok().headers(headers).build();
        }
        HttpStatus status = statusOf(v.code());
        if (status == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (v.code() == VerificationCode.RATE_LIMITED) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(v.rateLimit())));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, missing ? MISSING : detailOf(v.code()));
        problem.setProperty("code", v.code().name());
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The status a gateway passes to its client for each refusal (DD030). */
    static HttpStatus statusOf(VerificationCode code) {
        return switch (code) {
            case VALID -> HttpStatus.OK;
            case MALFORMED, NOT_FOUND, REVOKED, EXPIRED -> HttpStatus.UNAUTHORIZED;
            case SUSPENDED -> HttpStatus.FORBIDDEN;
            case INSUFFICIENT_CREDITS -> HttpStatus.PAYMENT_REQUIRED;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    private static String detailOf(VerificationCode code) {
        return switch (code) {
            case VALID -> "The key is valid.";
            case MALFORMED -> "This is not an API key: send one as 'Authorization: Bearer <key>'.";
            case NOT_FOUND -> "This API key does not exist.";
            case REVOKED -> "This API key has been revoked.";
            case EXPIRED -> "This API key has expired.";
            case SUSPENDED -> "This key's workspace is suspended. Its members see why in the console.";
            case INSUFFICIENT_CREDITS ->
                "This workspace has no credits left within its spending limit (or this key has spent its budget).";
            case RATE_LIMITED -> "This workspace made too many requests. Retry after the time in Retry-After.";
        };
    }

    /**
     * {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (when the window refills, Unix time
     * in whole seconds, rounded up), when the key was found and its window looked at.
     */
    private static void rateLimitHeaders(HttpHeaders headers, RateLimitStatus window) {
        if (window == null) {
            return;
        }
        headers.set("X-RateLimit-Limit", Long.toString(window.limit()));
        headers.set("X-RateLimit-Remaining", Long.toString(window.remaining()));
        headers.set("X-RateLimit-Reset", Long.toString(Math.ceilDiv(window.reset(), 1000)));
    }

    /** Seconds until the window refills, rounded up, at least 1 (Retry-After has whole seconds). */
    private long retryAfterSeconds(RateLimitStatus window) {
        if (window == null) {
            return 1;
        }
        return Math.max(1, Math.ceilDiv(window.reset() - clock.millis(), 1000));
    }

    private static ResponseEntity<ProblemDetail> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE, "API keys cannot be checked right now. Retry shortly."));
    }
}
