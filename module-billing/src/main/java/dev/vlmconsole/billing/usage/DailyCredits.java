package dev.vlmconsole.billing.usage;

import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_PROJECT_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_WORKSPACE_USAGE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Credits per day from the daily rollups, one query each: what {@link RollupUsageQueries} and
 * {@link RollupUsageReports} read. Days without usage are absent.
 */
final class DailyCredits {

    private DailyCredits() {}

    /** One key's days; the workspace condition keeps another workspace's key out. */
    static Map<LocalDate, BigDecimal> ofKey(DSLContext db, UUID workspaceId, UUID keyId, LocalDate from, LocalDate to) {
        var t = BILLING_DAILY_KEY_USAGE;
        return db.select(t.USAGE_DAY, t.CREDITS)
                .from(t)
                .where(t.KEY_ID.eq(keyId))
                .and(t.WORKSPACE_ID.eq(workspaceId))
                .and(t.USAGE_DAY.between(from, to))
                .fetchMap(t.USAGE_DAY, t.CREDITS);
    }

    /** One project's days. */
    static Map<LocalDate, BigDecimal> ofProject(
            DSLContext db, UUID workspaceId, String project, LocalDate from, LocalDate to) {
        var t = BILLING_DAILY_PROJECT_USAGE;
        return db.select(t.USAGE_DAY, t.CREDITS)
                .from(t)
                .where(t.WORKSPACE_ID.eq(workspaceId))
                .and(t.PROJECT.eq(project))
                .and(t.USAGE_DAY.between(from, to))
                .fetchMap(t.USAGE_DAY, t.CREDITS);
    }

    /** The whole workspace's days. */
    static Map<LocalDate, BigDecimal> ofWorkspace(DSLContext db, UUID workspaceId, LocalDate from, LocalDate to) {
        var t = BILLING_DAILY_WORKSPACE_USAGE;
        return db.select(t.USAGE_DAY, t.CREDITS)
                .from(t)
                .where(t.WORKSPACE_ID.eq(workspaceId))
                .and(t.USAGE_DAY.between(from, to))
                .fetchMap(t.USAGE_DAY, t.CREDITS);
    }
}
