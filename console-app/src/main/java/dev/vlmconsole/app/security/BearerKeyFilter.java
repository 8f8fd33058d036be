package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} through the module-api {@link ApiKeyAuthenticator}.
 * A missing or unknown key leaves the request anonymous; the entry point then answers 401.
 */
class BearerKeyFilter extends OncePerRequestFilter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BearerKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;

    BearerKeyFilter(ApiKeyAuthenticator authenticator, SecurityContextHolderStrategy contexts) {
        this.authenticator = authenticator;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            java.util.Optional<dev.vlmconsole.api.services.ApiKeyPrincipal> key;
            try {
                key = authenticator.authenticate(token);
            } catch (RuntimeException e) {
                log.warn("API key authentication failed: {}", e.toString());
                // the key store cannot answer for a key this node has not cached: fail closed
                Problems.write(response, 503, "Service Unavailable",
                        "API keys cannot be checked right now. Retry shortly.");
                return;
            }
            key.ifPresent(k -> {
                var context = contexts.createEmptyContext();
                context.setAuthentication(new ApiKeyAuthentication(k));
                contexts.setContext(context);
            });
        }
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
