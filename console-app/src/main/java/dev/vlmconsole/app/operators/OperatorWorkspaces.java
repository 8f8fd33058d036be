package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.api.services.WorkspaceAccounts.AccountSummary;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.api.services.WorkspaceStatus.Suspension;
import dev.vlmconsole.app.operators.OperatorWorkspaceRepository.Filter;
import dev.vlmconsole.app.operators.OperatorWorkspaceRepository.Member;
import dev.vlmconsole.app.operators.OperatorWorkspaceRepository.Order;
import dev.vlmconsole.app.operators.OperatorWorkspaceRepository.Row;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every workspace of the install, for its operators: the Workspaces page and
 * {@code GET /api/v1/operator/workspaces}. One search box finds workspaces by a part of their name or
 * of a member's email, or by a key prefix ({@code vlm_live_AbCd}, through
 * {@link KeyCatalog#findByPrefix}). Sorting by name, members, created and last activity happens in
 * SQL; by plan, balance and usage on what the billing module's {@link WorkspaceAccounts} knows of every
 * workspace (without one those columns are not offered). See DD028.
 *
 * <p>Every method checks {@link OperatorAccess}: an operator, or a platform key of scope operator.
 */
@Service
public class OperatorWorkspaces {

    /** Most workspaces one call answers. */
    public static final int MAX_PAGE = 200;

    /** Most keys a prefix search looks at (prefixes shown are four characters: several keys may share one). */
    static final int KEY_MATCHES = 100;

    /** What the list can be sorted by. */
    public enum Sort {
        NAME,
        MEMBERS,
        CREATED,
        LAST_ACTIVITY,
        /** By plan name; needs {@link WorkspaceAccounts}. */
        PLAN,
        /** By credits available; needs {@link WorkspaceAccounts}. */
        BALANCE,
        /** By credits used this cycle; needs {@link WorkspaceAccounts}. */
        USAGE;

        boolean needsAccounts() {
            return this == PLAN || this == BALANCE || this == USAGE;
        }
    }

    /**
     * What the search box holds: nothing (every workspace), a key prefix (text starting with a key's
     * form, {@code <brand>_live_} or {@code <brand>_admin_}), or text to find in names and members'
     * emails.
     */
    public record Search(Kind kind, String text) {

        /** How the text is read. */
        public enum Kind {
            EVERY,
            TEXT,
            KEY_PREFIX
        }

        /** Characters after the key form a prefix search needs (what a key shows). */
        public static final int KEY_CHARS = 4;

        private static final Pattern KEY_FORM = Pattern.compile("[a-z][a-z0-9]{0,15}_(live|admin)_");

        public static final Search EVERY = new Search(Kind.EVERY, "");

        /** Reads what someone typed. */
        public static Search of(@Nullable String q) {
            String t = q == null ? "" : q.strip();
            if (t.isEmpty()) {
                return EVERY;
            }
            return KEY_FORM.matcher(t).lookingAt() ? new Search(Kind.KEY_PREFIX, t) : new Search(Kind.TEXT, t);
        }

        /** A key prefix without the four characters after the form that finding a key takes. */
        public boolean tooShortForAKey() {
            if (kind != Kind.KEY_PREFIX) {
                return false;
            }
            Matcher m = KEY_FORM.matcher(text);
            return m.lookingAt() && text.length() - m.end() < KEY_CHARS;
        }

        /** In words, for a list that found nothing: what was searched. */
        public String nothingFound() {
            return switch (kind) {
                case EVERY -> "There are no workspaces yet: people create them when they sign up.";
                case TEXT ->
                    "No workspace name and no member's email contains “" + text
                            + "”. A key prefix starts with its form, such as vlm_live_AbCd.";
                case KEY_PREFIX ->
                    tooShortForAKey()
                            ? "“" + text + "” is too short to find a key: give the key's form and at least " + KEY_CHARS
                                    + " characters after it, such as vlm_live_AbCd."
                            : "No key starts with “" + text + "”. Keys show their form and four characters, "
                                    + "case-sensitive.";
            };
        }
    }

    /**
     * One workspace of the list.
     *
     * @param members        how many members
     * @param lastActivityAt the latest of its members' last activity and its latest audit entry; null when
     *                       neither is known
     * @param suspended      suspended by an operator
     * @param account        what billing knows of it; null without billing or without an account
     */
    public record WorkspaceSummary(
            UUID id,
            String name,
            Instant createdAt,
            int members,
            @Nullable Instant lastActivityAt,
            boolean suspended,
            @Nullable AccountSummary account) {}

    /**
     * One workspace, for its operator page.
     *
     * @param suspension its suspension, if suspended
     * @param keys       how many API keys it has (any state); null without a keys module
     */
    public record WorkspaceDetail(
            WorkspaceSummary summary,
            Optional<Suspension> suspension,
            List<Member> members,
            @Nullable Integer keys) {}

    private final OperatorWorkspaceRepository repository;
    private final ConsoleContext context;
    private final ObjectProvider<WorkspaceAccounts> accounts;
    private final ObjectProvider<WorkspaceStatus> status;
    private final ObjectProvider<KeyCatalog> keys;

    public OperatorWorkspaces(
            OperatorWorkspaceRepository repository,
            ConsoleContext context,
            ObjectProvider<WorkspaceAccounts> accounts,
            ObjectProvider<WorkspaceStatus> status,
            ObjectProvider<KeyCatalog> keys) {
        this.repository = repository;
        this.context = context;
        this.accounts = accounts;
        this.status = status;
        this.keys = keys;
    }

    /** Whether plan, balance and usage are known (a billing module provides {@link WorkspaceAccounts}). */
    public boolean showsAccounts() {
        return accounts.getIfAvailable() != null;
    }

    /** One page of the workspaces the search finds. */
    @Transactional(readOnly = true)
    public List<WorkspaceSummary> list(Search search, Sort sort, boolean descending, int offset, int limit) {
        OperatorAccess.require(context);
        if (offset < 0 || limit <= 0) {
            return List.of();
        }
        int size = Math.min(limit, MAX_PAGE);
        Filter filter = filter(search);
        WorkspaceAccounts known = accounts.getIfAvailable();
        if (sort.needsAccounts() && known != null) {
            Map<UUID, AccountSummary> all = known.allSummaries();
            List<Row> rows = repository.rows(byAccount(repository.allIds(filter), all, sort, descending, offset, size));
            return summaries(rows, all);
        }
        Order order = switch (sort) {
            case MEMBERS -> Order.MEMBERS;
            case CREATED -> Order.CREATED;
            case LAST_ACTIVITY -> Order.LAST_ACTIVITY;
            default -> Order.NAME;
        };
        List<Row> rows = repository.rows(repository.pageIds(filter, order, descending, offset, size));
        return summaries(
                rows,
                known == null
                        ? Map.of()
                        : known.summaries(rows.stream().map(Row::id).toList()));
    }

    /** How many workspaces the search finds. */
    @Transactional(readOnly = true)
    public int count(Search search) {
        OperatorAccess.require(context);
        return repository.count(filter(search));
    }

    /** One workspace, if there is one with this id. */
    @Transactional(readOnly = true)
    public Optional<WorkspaceDetail> detail(UUID workspaceId) {
        OperatorAccess.require(context);
        Optional<Row> row = repository.find(workspaceId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        WorkspaceAccounts known = accounts.getIfAvailable();
        Map<UUID, AccountSummary> account = known == null ? Map.of() : known.summaries(List.of(workspaceId));
        WorkspaceSummary summary = summaries(List.of(row.get()), account).getFirst();
        WorkspaceStatus s = status.getIfAvailable();
        KeyCatalog catalog = keys.getIfAvailable();
        return Optional.of(new WorkspaceDetail(
                summary,
                s == null ? Optional.empty() : s.suspension(workspaceId),
                repository.members(workspaceId),
                catalog == null ? null : catalog.keysOf(workspaceId).size()));
    }

    private Filter filter(Search search) {
        return switch (search.kind()) {
            case EVERY -> Filter.ALL;
            case TEXT -> Filter.text(search.text());
            case KEY_PREFIX -> {
                KeyCatalog catalog = keys.getIfAvailable();
                Set<UUID> ids = new HashSet<>();
                if (catalog != null && !search.tooShortForAKey()) {
                    catalog.findByPrefix(search.text(), KEY_MATCHES).forEach(k -> ids.add(k.workspaceId()));
                }
                yield Filter.ids(ids);
            }
        };
    }

    private List<WorkspaceSummary> summaries(List<Row> rows, Map<UUID, AccountSummary> accounts) {
        WorkspaceStatus s = status.getIfAvailable();
        return rows.stream()
                .map(r -> new WorkspaceSummary(
                        r.id(),
                        r.name(),
                        r.createdAt(),
                        r.members(),
                        r.lastActivityAt(),
                        s != null && s.isSuspended(r.id()),
                        accounts.get(r.id())))
                .toList();
    }

    /**
     * One page of {@code ids} sorted by an account field; workspaces without an account come last in
     * either direction, ties by id (so that pages neither repeat nor skip a workspace).
     */
    static List<UUID> byAccount(
            List<UUID> ids, Map<UUID, AccountSummary> all, Sort sort, boolean descending, int offset, int limit) {
        Comparator<AccountSummary> field = switch (sort) {
            case PLAN -> Comparator.comparing(a -> a.planName().toLowerCase(Locale.ROOT));
            case BALANCE -> Comparator.comparing(AccountSummary::creditsAvailable);
            default -> Comparator.comparing(AccountSummary::creditsUsedThisCycle);
        };
        Comparator<AccountSummary> direction = descending ? field.reversed() : field;
        Function<UUID, AccountSummary> account = all::get;
        return ids.stream()
                .sorted(Comparator.comparing(account, Comparator.nullsLast(direction))
                        .thenComparing(Comparator.naturalOrder()))
                .skip(offset)
                .limit(limit)
                .toList();
    }
}
