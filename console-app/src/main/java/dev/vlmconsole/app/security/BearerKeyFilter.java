package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
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
 */
class BearerKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final RequestMatcher publicPaths;
    private final ManagementCallLimiter limiter;

    BearerKeyFilter(
            ApiKeyAuthenticator authenticator,
            SecurityContextHolderStrategy contexts,
            RequestMatcher publicPaths,
            ManagementCallLimiter limiter) {
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.publicPaths = publicPaths;
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            Optional<ApiKeyPrincipal> key;
            try {
                key = authenticator.authenticate(token);
            } catch (RuntimeException e) {
                log.debug("API key authentication failed: {}", e.toString());
                // the key store cannot answer for a key this node has not cached: fail closed, as verification does
                response.setHeader("Retry-After", "1");
                Problems.write(
                        response, 503, "Service Unavailable", "API keys cannot be checked right now. Retry shortly.");
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
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
