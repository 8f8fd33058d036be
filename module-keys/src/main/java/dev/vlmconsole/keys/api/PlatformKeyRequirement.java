package dev.vlmconsole.keys.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The check of {@code console.keys.verify-requires-platform-key}, shared by verification and forward-auth:
 * only a caller that sent a platform key with the wanted scope ({@code X-Platform-Key}, or as the bearer
 * token on {@code POST /api/v1/keys/verify}; the console authenticates it before the call runs) is
 * answered: without one 401, with one lacking the scope 403.
 */
final class PlatformKeyRequirement {

    private PlatformKeyRequirement() {}

    static void require(ConsoleContext context, String scope) {
        PlatformKeyPrincipal key = context.platformKey().orElse(null);
        if (key == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED,
                    "This install verifies keys only for the platform: send a platform key as 'X-Platform-Key'.");
            ErrorResponseException refused = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
            refused.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw refused;
        }
        if (!key.hasScope(scope)) {
            throw new ErrorResponseException(
                    HttpStatus.FORBIDDEN,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.FORBIDDEN, "This platform key does not have the '" + scope + "' scope."),
                    null);
        }
    }
}
