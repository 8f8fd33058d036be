package dev.vlmconsole.app.signin;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's password encoder, for accounts that may have no password (people single sign-on or
 * SCIM created, DD034): no password matches such an account, after as much work as a real check, so
 * that the password form answers them like a wrong password, in the same time (no account enumeration).
 */
public final class PasswordlessAwareEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private volatile @Nullable String decoy;

    public PasswordlessAwareEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public @Nullable String encode(@Nullable CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
        if (encodedPassword == null || encodedPassword.isEmpty()) {
            String d = decoy;
            if (d == null) {
                d = delegate.encode("no password: single sign-on only");
                decoy = d;
            }
            delegate.matches(rawPassword == null ? "" : rawPassword, d);
            return false;
        }
        return delegate.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(@Nullable String encodedPassword) {
        return encodedPassword != null && delegate.upgradeEncoding(encodedPassword);
    }
}
