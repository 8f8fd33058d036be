package dev.vlmconsole.app.sso;

import dev.vlmconsole.app.signin.SessionSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The end of an SSO sign-in. Success: the session is signed in as the console account by the session
 * rules of password sign-in ({@link SessionSignIn}: new session id, new CSRF token, the success event;
 * session epochs and the second factor then apply as to any session), the ID token is kept for
 * signing out at the provider, and the browser goes on to where it was asked to continue, else to the
 * page that asked for sign-in, else home; someone in no workspace goes to the "No access yet" page.
 * Failure: back to the sign-in page with a code the page turns into its own sentence.
 */
final class SsoAuthenticationHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    /** The session attribute holding the ID token of an SSO session (for RP-initiated logout). */
    static final String ID_TOKEN_ATTRIBUTE = SsoAuthenticationHandlers.class.getName() + ".idToken";

    private static final Logger log = LoggerFactory.getLogger(SsoAuthenticationHandlers.class);

    private final SessionSignIn sessions;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();
    private final RequestCache requestCache = new HttpSessionRequestCache();

    SsoAuthenticationHandlers(SessionSignIn sessions) {
        this.sessions = sessions;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        SsoUser user = (SsoUser) authentication.getPrincipal();
        sessions.signIn(user.email(), request, response);
        HttpSession session = request.getSession();
        session.setAttribute(ID_TOKEN_ATTRIBUTE, user.getIdToken());
        Object continueTo = session.getAttribute(SsoSettings.CONTINUE_ATTRIBUTE);
        session.removeAttribute(SsoSettings.CONTINUE_ATTRIBUTE);
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        String target;
        if (!user.member()) {
            target = "/" + NoAccessView.ROUTE;
        } else if (continueTo instanceof String path
                && SsoSettings.safeContinue(path).isPresent()) {
            target = "/" + SsoSettings.safeContinue(path).get();
        } else if (saved != null && sameOrigin(request, saved.getRedirectUrl())) {
            target = saved.getRedirectUrl();
        } else {
            target = "/";
        }
        redirects.sendRedirect(request, response, target);
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String code = exception instanceof OAuth2AuthenticationException e
                ? e.getError().getErrorCode()
                : "failed";
        if (!code.startsWith("sso_")) {
            // Spring's own checks (state, nonce, signature, an error from the provider): no details to the browser
            log.info("Single sign-on failed: {}", code);
            code = "failed";
        }
        if (code.equals(errorCode(SsoSignIn.Reason.NO_ACCOUNT))) {
            // no account, no invitation, no claimed domain: the page that says whom to ask
            redirects.sendRedirect(request, response, "/" + NoAccessView.ROUTE);
            return;
        }
        redirects.sendRedirect(request, response, "/login?sso=" + code.substring(code.indexOf('_') + 1));
    }

    /** The code a refused sign-in is sent back to the sign-in page with ({@code /login?sso=...}). */
    static String errorCode(SsoSignIn.Reason reason) {
        return switch (reason) {
            case EMAIL_NOT_VERIFIED -> "sso_unverified";
            case LINKED_TO_ANOTHER -> "sso_linked";
            case NO_ACCOUNT -> "sso_no-access";
        };
    }

    private static boolean sameOrigin(HttpServletRequest request, String url) {
        return Optional.ofNullable(url)
                .map(u -> u.startsWith(request.getScheme() + "://" + request.getServerName() + ":"
                                + request.getServerPort() + "/")
                        || u.startsWith(request.getScheme() + "://" + request.getServerName() + "/"))
                .orElse(false);
    }
}
