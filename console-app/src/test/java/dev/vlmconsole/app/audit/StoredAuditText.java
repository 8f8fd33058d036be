package dev.vlmconsole.app.audit;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * For tests that read audit rows with SQL: a stored text (actor name, target label, details) as the
 * log shows it, its references to people resolved (DD026).
 */
public final class StoredAuditText {

    private StoredAuditText() {}

    /** {@code stored} with its people references replaced by their names and emails. */
    public static String readable(DSLContext db, String stored) {
        return AuditPeople.read(stored, new AuditPeople(db, Clock.systemUTC()).resolve(List.of(stored), Set.of()));
    }
}
