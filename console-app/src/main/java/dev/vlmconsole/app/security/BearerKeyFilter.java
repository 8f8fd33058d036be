package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} through the module-api {@link ApiKeyAuthenticator}.
 * A missing or unknown key leaves the request anonymous; the entry point then answers 401. An
 * authenticated key then takes one call from its management-call limit, or is answered 429. Public
 * paths (verification, ping) are not the key's own calls: there the header is left alone.
 *
 * <p>A bearer token shaped like a platform key ({@code vlm_svc_...}) goes to the
 * {@link PlatformKeyAuthenticator} instead and, when valid, becomes a {@link PlatformKeyAuthentication}:
 * it is not held to the management-call limit (the gateway's throughput is the platform's, not a
 * person's) and acts in no workspace. On public paths a platform key sent as {@code X-Platform-Key} (or
 * as a platform-key-shaped bearer token) is authenticated too, without refusing anything here, so that
 * a call there may ask for one ({@code console.keys.verify-requires-platform-key}). See DD024.
 *
 * <p>A key of scope {@code scim} is refused here with 403 whatever its permissions: it provisions people
 * on {@code /scim/v2} and does nothing else (DD036).
 */
class BearerKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerKeyFilter.class);
    /** Where the gateway sends its platform key on calls whose bearer token is not its own. */
    static final String PLATFORM_KEY_HEADER = "X-Platform-Key";

    private final ApiKeyAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final RequestMatcher publicPaths;
    private final ManagementCallLimiter limiter;
    private final PlatformKeyAuthenticator platformKeys;

    /** @param platformKeys the platform keys, or null when no module provides them (none is valid then) */
    BearerKeyFilter(
            ApiKeyAuthenticator authenticator,
            PlatformKeyAuthenticator platformKeys,
            SecurityContextHolderStrategy contexts,
            RequestMatcher publicPaths,
            ManagementCallLimiter limiter) {
        this.authenticator = authenticator;
        this.platformKeys = platformKeys;
        this.contexts = contexts;
        this.publicPaths = publicPaths;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        if (publicPaths.matches(request)) {
            // not the bearer's own call: only a platform key is looked at, and nothing is refused here
            String platformKey = request.getHeader(PLATFORM_KEY_HEADER);
            if (platformKey == null && bearer != null && isPlatformShaped(bearer)) {
                platformKey = bearer;
            }
            if (platformKey != null && !platformKey.isBlank() && platformKeys != null) {
                try {
                    platformKeys.authenticate(platformKey.trim()).ifPresent(this::actAs);
                } catch (RuntimeException e) {
                    // the call itself decides whether it needs the key: it then finds none
                    log.debug("Platform key authentication failed: {}", e.toString());
                }
            }
            proceed(request, response, chain);
            return;
        }
        if (bearer != null && isPlatformShaped(bearer)) {
            Optional<PlatformKeyPrincipal> platform;
            try {
                platform = platformKeys.authenticate(bearer);
            } catch (RuntimeException e) {
                log.debug("Platform key authentication failed: {}", e.toString());
                unavailable(response);
                return;
            }
            platform.ifPresent(this::actAs); // never limited: the platform's own throughput
            proceed(request, response, chain);
            return;
        }
        if (bearer != null) {
            String token = bearer;
            Optional<ApiKeyPrincipal> key;
            try {
                key = authenticator.authenticate(token);
            } catch (RuntimeException e) {
                log.debug("API key authentication failed: {}", e.toString());
                unavailable(response);
                return;
            }
            if (key.isPresent() && key.get().scopes().contains(ApiKeyPrincipal.SCOPE_SCIM)) {
                // a SCIM key provisions people and does nothing else: not even the calls its
                // permissions would allow here (DD036)
                Problems.write(response, 403, "Forbidden", "A SCIM key works on /scim/v2 only.");
                return;
            }
            if (key.isPresent()) {
                Optional<Duration> wait = limiter.tryCall(key.get().keyId());
                if (wait.isPresent()) {
                    response.setHeader("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait.get()))));
                    Problems.write(
                            response,
                            429,
                            "Too Many Requests",
                            "This key made too many management calls. Retry after the time in Retry-After.");
                    return;
                }
                var context = contexts.createEmptyContext();
                context.setAuthentication(new ApiKeyAuthentication(key.get()));
                contexts.setContext(context);
            }
        }
        proceed(request, response, chain);
    }

    private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private boolean isPlatformShaped(String token) {
        return platformKeys != null && platformKeys.isPlatformKeyShaped(token);
    }

    private void actAs(PlatformKeyPrincipal key) {
        var context = contexts.createEmptyContext();
        context.setAuthentication(new PlatformKeyAuthentication(key));
        contexts.setContext(context);
    }

    /** The key store cannot answer for a key this node has not cached: fail closed, as verification does. */
    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        Problems.write(response, 503, "Service Unavailable", "API keys cannot be checked right now. Retry shortly.");
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
