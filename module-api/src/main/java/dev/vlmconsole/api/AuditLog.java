package dev.vlmconsole.api;

/**
 * The append-only audit log. Write one entry per change a person or key makes; never put a
 * secret (password, API key, token) in any field. There is no way to change or delete an entry.
 */
public interface AuditLog {

    /**
     * Records an action of the acting context in its current workspace, with its source address.
     *
     * @param action  what happened, {@code <module>.<thing>.<verb>}, such as {@code keys.key.revoked}
     * @param target  what it happened to, such as {@code key 6f1c...} (no secrets)
     * @param details more words for people, may be empty
     */
    void record(String action, String target, String details);

    /** Records a fully described entry, for work outside a request (jobs, start-up). */
    void record(AuditEntry entry);

    /**
     * The current workspace's entries about one {@code target}, newest first. The caller checks
     * that the actor may see the target; this method does not require the audit-log permission.
     */
    java.util.List<AuditRecord> historyOf(String target, int limit);

    /**
     * One recorded entry.
     *
     * @param occurredAt when
     * @param actor      who, as shown to people
     * @param action     what
     * @param target     to what
     * @param details    more words
     */
    record AuditRecord(java.time.Instant occurredAt, String actor, String action, String target, String details) {
    }
}
