package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.ConsoleProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The console's {@link SignInOptions}, from {@code console.oidc.*}: whether single sign-on is on, whether
 * it is the only way in, the button's words, and where SSO starts (DD034).
 */
@Component
public class SsoSettings implements SignInOptions {

    /** Where the browser goes to start single sign-on with a place to continue to afterwards. */
    public static final String START_PATH = "/sso/start";
    /** Spring Security's authorization request for the {@code sso} registration. */
    public static final String AUTHORIZATION_PATH = "/oauth2/authorization/" + SsoRegistrations.REGISTRATION_ID;
    /** The session attribute holding where to continue after SSO sign-in (a checked relative path). */
    static final String CONTINUE_ATTRIBUTE = SsoSettings.class.getName() + ".continue";

    /** A relative console path: letters, digits and the usual path and query characters, no scheme or host. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~/-]{0,300}(\\?[A-Za-z0-9._~=&%+-]{0,300})?");

    private final ConsoleProperties.Oidc oidc;

    public SsoSettings(ConsoleProperties settings) {
        this.oidc = settings.oidc();
    }

    /** The settings themselves. */
    public ConsoleProperties.Oidc oidc() {
        return oidc;
    }

    @Override
    public boolean ssoEnabled() {
        return oidc.enabled();
    }

    @Override
    public boolean passwordsAllowed() {
        return !oidc.ssoOnly();
    }

    /** Whether SSO is the only way in (password sign-in is the operators' break-glass only). */
    public boolean ssoOnly() {
        return oidc.ssoOnly();
    }

    @Override
    public String ssoButtonLabel() {
        return oidc.buttonLabel();
    }

    @Override
    public String ssoSignInUrl(String continueTo) {
        if (!ssoEnabled()) {
            throw new IllegalStateException("Single sign-on is not configured (CONSOLE_OIDC_ISSUER_URI)");
        }
        String start = START_PATH.substring(1);
        return safeContinue(continueTo)
                .map(path -> start + "?continue=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .orElse(start);
    }

    /**
     * {@code continueTo} when it is a path inside the console (one leading slash dropped), else empty: no
     * scheme, no host, no {@code //}, no {@code ..}, no backslash; an open redirect is not possible.
     */
    static Optional<String> safeContinue(String continueTo) {
        if (continueTo == null) {
            return Optional.empty();
        }
        String path = continueTo.startsWith("/") ? continueTo.substring(1) : continueTo;
        if (path.contains("//")
                || path.contains("..")
                || !SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
