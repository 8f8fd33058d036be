package dev.vlmconsole.app.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * Sends a failed sign-in back to the login page: {@code ?locked=<message>} while throttled (the
 * page shows when to try again), {@code ?error} otherwise (never saying which of email or password was wrong).
 */
class SignInFailureHandler extends SimpleUrlAuthenticationFailureHandler {

    SignInFailureHandler() {
        super("/login?error");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        if (exception instanceof LockedException) {
            getRedirectStrategy().sendRedirect(request, response,
                    "/login?locked=" + URLEncoder.encode(exception.getMessage(), StandardCharsets.UTF_8));
        } else {
            super.onAuthenticationFailure(request, response, exception);
        }
    }
}
