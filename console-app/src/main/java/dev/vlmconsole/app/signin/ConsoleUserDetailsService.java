package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads people for form sign-in. */
@Service
class ConsoleUserDetailsService implements UserDetailsService {

    private final UserRepository users;

    ConsoleUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        return users.findByEmail(email)
                .map(u -> new ConsoleUser(
                        u.id(), u.email(), u.displayName(), u.operator(), u.sessionEpoch(), u.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }
}
