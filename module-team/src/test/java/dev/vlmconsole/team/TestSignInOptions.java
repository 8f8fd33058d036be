package dev.vlmconsole.team;

import dev.vlmconsole.api.services.SignInOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The console's {@link SignInOptions} for the Team module's tests, switched by the test: off (the
 * default, as without single sign-on), SSO beside passwords, or SSO-only.
 */
public final class TestSignInOptions implements SignInOptions {

    private volatile boolean sso;
    private volatile boolean passwords = true;
    private volatile String label = "Sign in with SSO";

    /** No single sign-on, passwords allowed. */
    public void off() {
        sso = false;
        passwords = true;
    }

    /** Single sign-on with {@code buttonLabel}, and passwords unless {@code only}. */
    public void on(String buttonLabel, boolean only) {
        sso = true;
        passwords = !only;
        label = buttonLabel;
    }

    @Override
    public boolean ssoEnabled() {
        return sso;
    }

    @Override
    public boolean passwordsAllowed() {
        return passwords;
    }

    @Override
    public String ssoButtonLabel() {
        return label;
    }

    @Override
    public String ssoSignInUrl(String continueTo) {
        if (!sso) {
            throw new IllegalStateException("single sign-on is off");
        }
        return "oauth2/authorization/sso?continue=" + URLEncoder.encode(continueTo, StandardCharsets.UTF_8);
    }
}
