package dev.vlmconsole.app.account;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in person. Workspace roles are not authorities: they differ per workspace and are
 * looked up on every check, so a role change takes effect at once.
 */
public final class ConsoleUser implements UserDetails, CredentialsContainer {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID id;
    private final String email;
    private final String displayName;
    private final boolean operator;
    private final int sessionEpoch;
    private transient String passwordHash;

    /**
     * @param sessionEpoch the person's session epoch when the password was read: the session ends
     *                     once the stored epoch has moved past it (password change, "Sign out everywhere")
     */
    public ConsoleUser(
            UUID id, String email, String displayName, boolean operator, int sessionEpoch, String passwordHash) {
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.operator = operator;
        this.sessionEpoch = sessionEpoch;
        this.passwordHash = passwordHash;
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public boolean operator() {
        return operator;
    }

    public int sessionEpoch() {
        return sessionEpoch;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return operator
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_OPERATOR"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    /** Drops the hash once authentication is done (Spring calls it after sign-in). */
    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
