package dev.vlmconsole.app.security;

import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} through the module-api {@link ApiKeyAuthenticator}.
 * A missing or unknown key leaves the request anonymous; the entry point then answers 401.
 */
class BearerKeyFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator authenticator;

    BearerKeyFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            authenticator.authenticate(token).ifPresent(key -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new ApiKeyAuthentication(key));
                SecurityContextHolder.setContext(context);
            });
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
