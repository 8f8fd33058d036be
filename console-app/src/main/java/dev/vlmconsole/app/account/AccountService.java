package dev.vlmconsole.app.account;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A person's own account: name and password. */
@Service
public class AccountService {

    /** Shortest password the console accepts. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final CurrentConsoleContext context;
    private final AuditLog audit;

    AccountService(UserRepository users, PasswordEncoder encoder, CurrentConsoleContext context, AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.context = context;
        this.audit = audit;
    }

    /** The signed-in person's profile. */
    public record Profile(UUID id, String email, String displayName, boolean operator) {
    }

    @Transactional(readOnly = true)
    public Profile profile() {
        UserRepository.UserRow u = users.findById(me()).orElseThrow(() -> new PermissionDeniedException("sign-in"));
        return new Profile(u.id(), u.email(), u.displayName(), u.operator());
    }

    @Transactional
    public void rename(String displayName) {
        String name = Names.DISPLAY_NAME.require(displayName);
        users.updateName(me(), name);
        audit.record("core.profile.renamed", "user " + me(), "");
    }

    /** Changes the password; the current one must be given. */
    @Transactional
    public void changePassword(String currentPassword, String newPassword) {
        UserRepository.UserRow u = users.findById(me()).orElseThrow(() -> new PermissionDeniedException("sign-in"));
        if (currentPassword == null || !encoder.matches(currentPassword, u.passwordHash())) {
            throw new IllegalArgumentException("The current password is not right.");
        }
        requireStrong(newPassword);
        users.updatePasswordHash(u.id(), encoder.encode(newPassword));
        audit.record("core.profile.password_changed", "user " + u.id(), "");
    }

    /** Rejects passwords that are too short or too long for bcrypt. */
    public static void requireStrong(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("Use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("Use at most 72 bytes (bcrypt ignores the rest).");
        }
    }

    private UUID me() {
        return context.user().orElseThrow(() -> new PermissionDeniedException("sign-in")).id();
    }
}
