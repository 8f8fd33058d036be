package dev.vlmconsole.api.services;

/**
 * How people sign in to this install, for a module's pages that sign people in or talk about it (an
 * invitation's accept page, a "how to join" hint). The console provides it from its settings
 * ({@code CONSOLE_OIDC_*}): single sign-on with the company's OpenID Connect provider beside the
 * password form, or instead of it.
 *
 * <p>A module never starts or finishes a sign-in itself: it sends the browser to
 * {@link #ssoSignInUrl(String)}, and the console applies its rules (verified email, account linking,
 * pending invitations, claimed domains) and its session rules.
 *
 * @since 1.5
 */
public interface SignInOptions {

    /** Whether single sign-on is configured (an OpenID Connect provider). */
    boolean ssoEnabled();

    /**
     * Whether people may sign in, and set a password, with the console's password form. False when the
     * install is SSO-only ({@code CONSOLE_OIDC_ONLY=true}): then only the operators' break-glass
     * password sign-in remains, on the sign-in page, and a page must not offer a password form.
     */
    boolean passwordsAllowed();

    /** The label of the single sign-on button, such as "Sign in with SSO" ({@code CONSOLE_OIDC_BUTTON_LABEL}). */
    String ssoButtonLabel();

    /**
     * A relative URL that starts single sign-on and, once the person is signed in, continues to
     * {@code continueTo} (a path inside the console such as {@code invite/abc}; anything else is
     * ignored and the person lands on their workspace).
     *
     * @throws IllegalStateException when {@link #ssoEnabled()} is false
     */
    String ssoSignInUrl(String continueTo);
}
