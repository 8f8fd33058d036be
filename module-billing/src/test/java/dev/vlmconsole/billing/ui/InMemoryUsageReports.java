package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.usage.UsageReports;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Test only: {@link UsageReports} over usage a test records per day, key and project. */
final class InMemoryUsageReports implements UsageReports {

    record Used(LocalDate day, UUID keyId, @Nullable String project, long requests, BigDecimal credits) {}

    private final ConsoleContext context;
    final List<Used> used = new ArrayList<>();
    final List<String> projects = new ArrayList<>();

    InMemoryUsageReports(ConsoleContext context) {
        this.context = context;
    }

    void reset() {
        used.clear();
        projects.clear();
    }

    void record(LocalDate day, UUID keyId, @Nullable String project, long requests, String credits) {
        used.add(new Used(day, keyId, project, requests, new BigDecimal(credits)));
        if (project != null && !projects.contains(project)) {
            projects.add(project);
        }
    }

    @Override
    public List<Day> daily(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
        context.require(BillingModule.READ);
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw InvalidInputException.of("from", "Choose at most " + MAX_DAYS + " days, from before to.");
        }
        List<Day> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            LocalDate day = d;
            List<Used> that = used.stream()
                    .filter(u -> u.day().equals(day))
                    .filter(u -> keyId == null || u.keyId().equals(keyId))
                    .filter(u -> project == null || Objects.equals(u.project(), project))
                    .toList();
            days.add(new Day(
                    day,
                    that.stream().mapToLong(Used::requests).sum(),
                    that.stream().map(Used::credits).reduce(BigDecimal.ZERO, BigDecimal::add)));
        }
        return days;
    }

    @Override
    public String csv(LocalDate from, LocalDate to, @Nullable UUID keyId, @Nullable String project) {
        return "day,requests,credits\n"
                + daily(from, to, keyId, project).stream()
                        .map(d ->
                                d.day() + "," + d.requests() + "," + d.credits().toPlainString() + "\n")
                        .collect(Collectors.joining());
    }

    @Override
    public List<String> projects() {
        context.require(BillingModule.READ);
        return List.copyOf(projects);
    }
}
