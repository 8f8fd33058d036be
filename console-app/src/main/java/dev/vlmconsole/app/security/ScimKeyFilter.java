package dev.vlmconsole.app.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates SCIM requests ({@code /scim/**}): only a valid, active key of scope
 * {@value ApiKeyPrincipal#SCOPE_SCIM} gets through. No key, or one that is not valid, is answered 401
 * with {@code WWW-Authenticate: Bearer}; a valid key of another scope 403; both in SCIM's error format
 * (RFC 7644 3.12), never the machine API's problem documents. A SCIM key takes one call from its
 * management-call limit like any key (429 with {@code Retry-After}, which identity providers honour).
 * See DD036.
 */
class ScimKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ScimKeyFilter.class);
    static final String SCIM_MEDIA_TYPE = "application/scim+json";

    private final ApiKeyAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final ManagementCallLimiter limiter;

    ScimKeyFilter(
            ApiKeyAuthenticator authenticator, SecurityContextHolderStrategy contexts, ManagementCallLimiter limiter) {
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : "";
        if (bearer.isEmpty()) {
            unauthorized(response, "Send the workspace's SCIM key as 'Authorization: Bearer <key>'.");
            return;
        }
        Optional<ApiKeyPrincipal> key;
        try {
            key = authenticator.authenticate(bearer);
        } catch (RuntimeException e) {
            log.debug("SCIM key authentication failed: {}", e.toString());
            response.setHeader("Retry-After", "1");
            write(response, 503, null, "Keys cannot be checked right now. Retry shortly.");
            return;
        }
        if (key.isEmpty()) {
            unauthorized(response, "This key is not valid: it is unknown, revoked or expired.");
            return;
        }
        if (!key.get().scopes().contains(ApiKeyPrincipal.SCOPE_SCIM)) {
            write(response, 403, null, "Only a SCIM key may call SCIM. Create one on the Team page.");
            return;
        }
        Optional<Duration> wait = limiter.tryCall(key.get().keyId());
        if (wait.isPresent()) {
            Duration d = wait.get();
            response.setHeader("Retry-After", Long.toString(Math.max(1, d.getSeconds() + (d.getNano() > 0 ? 1 : 0))));
            write(response, 429, null, "This key made too many calls. Retry after the time in Retry-After.");
            return;
        }
        var context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(key.get()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, 401, null, detail);
    }

    static void write(HttpServletResponse response, int status, String scimType, String detail) throws IOException {
        ErrorResponse error = new ErrorResponse(status);
        error.setScimType(scimType);
        error.setDetail(detail);
        response.setStatus(status);
        response.setContentType(SCIM_MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write(JsonUtils.getObjectWriter().writeValueAsString(error));
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }
}
