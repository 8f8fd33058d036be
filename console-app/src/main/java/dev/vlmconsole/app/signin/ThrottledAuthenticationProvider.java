package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.account.ConsoleUser;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in through {@link LoginThrottle}: a name that cannot be an account is refused
 * before anything is written, every other attempt is counted before the password is checked, and
 * a paused one is refused without checking it. For a person whose sign-in a second factor completes,
 * a right password does not yet make the address theirs ({@link LoginThrottle#firstFactorPassed}).
 */
public class ThrottledAuthenticationProvider extends DaoAuthenticationProvider {

    private final LoginThrottle throttle;
    private final Predicate<UUID> secondFactorFollows;
    private PasswordSignInRule rule = PasswordSignInRule.NONE;

    public ThrottledAuthenticationProvider(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        this(users, encoder, throttle, id -> false);
    }

    /** @param secondFactorFollows whether the person with this id gives a second factor after the password */
    public ThrottledAuthenticationProvider(
            UserDetailsService users,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            Predicate<UUID> secondFactorFollows) {
        super(users);
        setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.secondFactorFollows = secondFactorFollows;
    }

    /** A rule applied once the password is right (SSO-only's break-glass, DD034). */
    public void setPasswordSignInRule(PasswordSignInRule rule) {
        this.rule = rule;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        if (!LoginThrottle.isPlausibleAccount(email)) {
            // no account has such a name: answered like a wrong password, without touching the database
            throw new BadCredentialsException(
                    messages.getMessage("AbstractUserDetailsAuthenticationProvider.badCredentials", "Bad credentials"));
        }
        String address =
                authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        return switch (throttle.attempt(email, address)) {
            case LoginThrottle.Attempt.Refused refused -> throw new SignInPausedException(refused.retryAfter());
            case LoginThrottle.Attempt.Counted counted -> {
                Authentication result = super.authenticate(authentication);
                ConsoleUser user = (ConsoleUser) result.getPrincipal();
                rule.passwordAccepted(user, address);
                UUID id = user.id();
                if (secondFactorFollows.test(id)) {
                    throttle.firstFactorPassed(counted);
                } else {
                    throttle.succeeded(counted, id);
                }
                yield result;
            }
        };
    }
}
