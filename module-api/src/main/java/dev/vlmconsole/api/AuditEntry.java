package dev.vlmconsole.api;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry for {@link AuditLog#record(AuditEntry)}; the log adds the time.
 *
 * @param workspaceId   workspace the change belongs to, or null for install-wide changes
 * @param actor         who acted
 * @param action        what happened, {@code <module>.<thing>.<verb>}
 * @param target        what it happened to
 * @param details       more words, may be empty
 * @param sourceAddress network address, may be empty
 */
public record AuditEntry(@Nullable UUID workspaceId, Actor actor, String action, String target,
                         String details, String sourceAddress) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        details = details == null ? "" : details;
        sourceAddress = sourceAddress == null ? "" : sourceAddress;
    }
}
