package dev.vlmconsole.api;

import java.time.Instant;
import java.util.List;

/**
 * The append-only audit log. Write one entry per change a person or key makes; never put a
 * secret (password, API key, token) in any field. There is no way to change or delete an entry.
 *
 * <p>Since 1.1 an entry's target is an {@link AuditTarget} (type, id, label) rather than a free
 * string; the 1.0 methods remain and map their strings with {@link AuditTarget#fromLegacy(String)}.
 */
public interface AuditLog {

    /**
     * Records an action of the acting context in its current workspace, with its source address.
     *
     * @param action  what happened, {@code <module>.<thing>.<verb>}, such as {@code keys.key.revoked}
     * @param target  what it happened to, such as {@code AuditTarget.apiKey(id, "ci (vlm_ab12…)")};
     *                {@link AuditTarget#NONE} for nothing in particular
     * @param details more words for people, may be empty (no secrets)
     * @since 1.1
     */
    void record(String action, AuditTarget target, String details);

    /** Records a fully described entry, for work outside a request (jobs, start-up). */
    void record(AuditEntry entry);

    /**
     * The current workspace's entries about one target, newest first: those with its type and id,
     * whatever their labels (a renamed thing keeps its history). Empty for {@link AuditTarget#NONE}.
     * The caller checks that the actor may see the target; this method does not require the
     * audit-log permission.
     *
     * @param limit at most this many entries (the log may return fewer)
     * @since 1.1
     */
    List<AuditRecord> historyOf(AuditTarget target, int limit);

    /**
     * Records an action with a module-api 1.0 target string.
     *
     * @param target a 1.0 target string, such as {@code api_key:<id>}, mapped by
     *               {@link AuditTarget#fromLegacy(String)}
     * @deprecated since 1.1: use {@link #record(String, AuditTarget, String)}
     */
    @Deprecated(since = "1.1")
    default void record(String action, String target, String details) {
        record(action, AuditTarget.fromLegacy(target), details);
    }

    /**
     * The entries about a module-api 1.0 target string: those whose typed target
     * {@link AuditTarget#fromLegacy(String)} makes of it, matched by type and id.
     *
     * @deprecated since 1.1: use {@link #historyOf(AuditTarget, int)}
     */
    @Deprecated(since = "1.1")
    default List<AuditRecord> historyOf(String target, int limit) {
        return historyOf(AuditTarget.fromLegacy(target), limit);
    }

    /**
     * One recorded entry.
     *
     * @param occurredAt when
     * @param actor      who, as shown to people
     * @param action     what
     * @param subject    to what, typed (since 1.1, which replaced 1.0's string {@code target},
     *                   still readable as {@link #target()}); {@link AuditTarget#NONE} when null
     * @param details    more words
     */
    record AuditRecord(Instant occurredAt, String actor, String action, AuditTarget subject, String details) {

        public AuditRecord {
            subject = subject == null ? AuditTarget.NONE : subject;
        }

        /**
         * The module-api 1.0 constructor, kept so that modules built against 1.0 still run.
         *
         * @deprecated since 1.1: pass an {@link AuditTarget}
         */
        @Deprecated(since = "1.1")
        public AuditRecord(Instant occurredAt, String actor, String action, String target, String details) {
            this(occurredAt, actor, action, AuditTarget.fromLegacy(target), details);
        }

        /**
         * The target as 1.0 gave it: the subject's label.
         *
         * @deprecated since 1.1: read {@link #subject()}
         */
        @Deprecated(since = "1.1")
        public String target() {
            return subject.label();
        }
    }
}
