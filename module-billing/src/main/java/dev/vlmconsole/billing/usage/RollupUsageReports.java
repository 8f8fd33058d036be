package dev.vlmconsole.billing.usage;

import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_PROJECT_USAGE;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.billing.BillingModule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link UsageReports} from the daily rollups (credits) and the key catalog (requests), for the current
 * workspace: one query per report, whatever the range.
 */
public class RollupUsageReports implements UsageReports {

    private final DSLContext db;
    private final ConsoleContext context;
    private final Supplier<KeyCatalog> keys;

    /** @param keys the key catalog, looked up on use; {@code null} answers: no keys */
    public RollupUsageReports(DSLContext db, ConsoleContext context, Supplier<KeyCatalog> keys) {
        this.db = db;
        this.context = context;
        this.keys = keys;
    }

    @Override
    public List<Day> daily(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
        context.require(BillingModule.READ);
        UUID ws = context.workspaceId();
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (from == null) {
            invalid.add("from", "Give the first day.");
        }
        if (to == null) {
            invalid.add("to", "Give the last day.");
        }
        invalid.throwIfAny();
        if (from.isAfter(to)) {
            throw InvalidInputException.of("from", "The first day is after the last day.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw InvalidInputException.of("to", "A report covers at most " + MAX_DAYS + " days.");
        }
        String onlyProject = project == null || project.isBlank() ? null : project.trim();
        KeyCatalog catalog = keys.get();
        Map<LocalDate, BigDecimal> credits = Map.of();
        boolean none = false;
        if (keyId != null) {
            KeyFacts key = catalog == null ? null : catalog.find(Set.of(keyId)).get(keyId);
            if (key == null || !key.workspaceId().equals(ws)) {
                throw new NoSuchElementException("No such key");
            }
            none = onlyProject != null && !onlyProject.equals(key.project());
            if (!none) {
                credits = DailyCredits.ofKey(db, ws, keyId, from, to);
            }
        } else if (onlyProject != null) {
            credits = DailyCredits.ofProject(db, ws, onlyProject, from, to);
        } else {
            credits = DailyCredits.ofWorkspace(db, ws, from, to);
        }
        Map<LocalDate, Long> requests =
                none || catalog == null ? Map.of() : catalog.dailyRequests(ws, keyId, onlyProject, from, to);
        List<Day> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(new Day(
                    d,
                    requests.getOrDefault(d, 0L),
                    credits.getOrDefault(d, BigDecimal.ZERO).stripTrailingZeros()));
        }
        return out;
    }

    @Override
    public String csv(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
        StringBuilder out = new StringBuilder("day,requests,credits\n");
        for (Day d : daily(from, to, keyId, project)) {
            out.append(d.day())
                    .append(',')
                    .append(d.requests())
                    .append(',')
                    .append(d.credits().stripTrailingZeros().toPlainString())
                    .append('\n');
        }
        return out.toString();
    }

    @Override
    public List<String> projects() {
        context.require(BillingModule.READ);
        UUID ws = context.workspaceId();
        Set<String> projects = new TreeSet<>();
        KeyCatalog catalog = keys.get();
        if (catalog != null) {
            catalog.keysOf(ws).stream()
                    .map(KeyFacts::project)
                    .filter(Objects::nonNull)
                    .filter(p -> !p.isBlank())
                    .forEach(projects::add);
        }
        var t = BILLING_DAILY_PROJECT_USAGE;
        db.selectDistinct(t.PROJECT)
                .from(t)
                .where(t.WORKSPACE_ID.eq(ws))
                .and(t.PROJECT.ne(""))
                .fetch(t.PROJECT)
                .forEach(projects::add);
        return List.copyOf(projects);
    }
}
