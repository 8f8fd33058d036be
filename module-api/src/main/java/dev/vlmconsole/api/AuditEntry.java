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
 * @param subject       what it happened to, typed ({@link AuditTarget#NONE} when null); since 1.1,
 *                      which replaced 1.0's string {@code target} (still readable as {@link #target()})
 * @param details       more words, may be empty
 * @param sourceAddress network address, may be empty
 */
public record AuditEntry(
        @Nullable UUID workspaceId,
        Actor actor,
        String action,
        AuditTarget subject,
        String details,
        String sourceAddress) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        subject = subject == null ? AuditTarget.NONE : subject;
        details = details == null ? "" : details;
        sourceAddress = sourceAddress == null ? "" : sourceAddress;
    }

    /**
     * The module-api 1.0 constructor, kept so that modules built against 1.0 still run.
     *
     * @param target a 1.0 target string, mapped by {@link AuditTarget#fromLegacy(String)}
     * @deprecated since 1.1: pass an {@link AuditTarget}, whose type and id
     *             {@link AuditLog#historyOf(AuditTarget, int)} can find again
     */
    @Deprecated(since = "1.1")
    public AuditEntry(
            @Nullable UUID workspaceId,
            Actor actor,
            String action,
            String target,
            String details,
            String sourceAddress) {
        this(workspaceId, actor, action, AuditTarget.fromLegacy(target), details, sourceAddress);
    }

    /**
     * The target as 1.0 gave it: the subject's label (empty for {@link AuditTarget#NONE}).
     *
     * @deprecated since 1.1: read {@link #subject()}
     */
    @Deprecated(since = "1.1")
    public String target() {
        return subject.label();
    }
}
