package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.api.services.WorkspaceAccounts.AccountSummary;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Search;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Sort;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import dev.vlmconsole.app.security.PlatformKeyAuthentication;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyService;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The operators' list of every workspace: search by a part of a name or of a member's email, or by a key
 * prefix; sorting in SQL (members, last activity, created, name) and by account (plan, balance, usage)
 * with the billing module's {@link WorkspaceAccounts}; paging; one workspace's detail; and only for
 * operators or platform keys of scope operator.
 */
class OperatorWorkspacesTest extends ConsoleTest {

    @Autowired
    OperatorWorkspaces workspaces;

    @Autowired
    OperatorWorkspaceRepository repository;

    @Autowired
    ConsoleContext context;

    @Autowired
    KeyService keys;

    @Autowired
    ObjectProvider<KeyCatalog> catalog;

    private List<String> names(List<WorkspaceSummary> found) {
        return found.stream().map(WorkspaceSummary::name).toList();
    }

    private List<WorkspaceSummary> search(String q) {
        return workspaces.list(Search.of(q), Sort.NAME, false, 0, 50);
    }

    @Test
    void finds_workspaces_by_a_part_of_their_name_or_of_a_members_email_case_insensitively() {
        String tag = unique();
        Workspace acme = newWorkspace("Acme " + tag);
        Workspace beta = newWorkspace("Beta " + tag);
        newWorkspace("Gamma " + unique());
        TestUser member = newMember(beta, Role.MEMBER);
        login(newOperator());

        assertThat(names(search("acme " + tag.toUpperCase()))).containsExactly(acme.name());
        assertThat(names(search(tag))).containsExactly(acme.name(), beta.name());
        String emailPart =
                member.email().substring(2, member.email().indexOf('@')).toUpperCase();
        assertThat(names(search(emailPart))).containsExactly(beta.name());
        assertThat(workspaces.count(Search.of(tag))).isEqualTo(2);
        assertThat(search("no such " + unique())).isEmpty();
        assertThat(search("Acme%" + tag)).as("LIKE wildcards are literal").isEmpty();
        assertThat(search("Acme_" + tag)).as("LIKE wildcards are literal").isEmpty();
    }

    @Test
    void finds_the_workspace_of_a_key_by_its_shown_prefix_and_needs_four_characters_after_the_form() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyService.KeyWithSecret key = keys.create(new KeyService.NewKey("ingest", null, null, "inference"));
        String prefix = key.key().displayPrefix();
        login(newOperator());

        assertThat(search(prefix)).extracting(WorkspaceSummary::id).containsExactly(w.id());
        assertThat(search(key.secret()))
                .as("the whole key read out")
                .extracting(WorkspaceSummary::id)
                .containsExactly(w.id());
        Search tooShort = Search.of(prefix.substring(0, prefix.length() - 1));
        assertThat(tooShort.kind()).isEqualTo(Search.Kind.KEY_PREFIX);
        assertThat(tooShort.tooShortForAKey()).isTrue();
        assertThat(workspaces.list(tooShort, Sort.NAME, false, 0, 50)).isEmpty();
        assertThat(tooShort.nothingFound()).contains("too short").contains("at least 4 characters");
        assertThat(Search.of("vlm_live_zzzz").nothingFound())
                .isEqualTo(
                        "No key starts with “vlm_live_zzzz”. Keys show their form and four characters, case-sensitive.");
    }

    @Test
    void what_was_searched_is_said_when_nothing_is_found() {
        assertThat(Search.of("  ").kind()).isEqualTo(Search.Kind.EVERY);
        assertThat(Search.of("  acme ").text()).isEqualTo("acme");
        assertThat(Search.of("acme").nothingFound())
                .isEqualTo("No workspace name and no member's email contains “acme”. "
                        + "A key prefix starts with its form, such as vlm_live_AbCd.");
        assertThat(Search.of("vlm_admin_AbCd").kind()).isEqualTo(Search.Kind.KEY_PREFIX);
        assertThat(Search.of("vlm_svc_AbCd").kind())
                .as("platform keys are not searched")
                .isEqualTo(Search.Kind.TEXT);
    }

    @Test
    void sorts_by_members_last_activity_and_created_in_sql_and_pages_without_repeats() {
        String tag = unique();
        Workspace one = newWorkspace("One " + tag);
        Workspace two = newWorkspace("Two " + tag);
        Workspace three = newWorkspace("Three " + tag);
        newMember(one, Role.OWNER);
        TestUser a = newMember(two, Role.OWNER);
        newMember(two, Role.MEMBER);
        newMember(three, Role.OWNER);
        newMember(three, Role.MEMBER);
        newMember(three, Role.VIEWER);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        lastActive(a, now.minusDays(3));
        auditEntry(one, "someone", "keys.key.created", now.minusDays(1)); // the audit log counts too
        login(newOperator());
        Search s = Search.of(tag);

        assertThat(names(workspaces.list(s, Sort.MEMBERS, true, 0, 10)))
                .containsExactly(three.name(), two.name(), one.name());
        assertThat(names(workspaces.list(s, Sort.LAST_ACTIVITY, true, 0, 10)))
                .as("latest first, never-active last")
                .containsExactly(one.name(), two.name(), three.name());
        assertThat(names(workspaces.list(s, Sort.LAST_ACTIVITY, false, 0, 10)))
                .as("never-active last in either direction")
                .containsExactly(two.name(), one.name(), three.name());
        assertThat(names(workspaces.list(s, Sort.CREATED, false, 0, 10)))
                .containsExactly(one.name(), two.name(), three.name());
        assertThat(names(workspaces.list(s, Sort.NAME, true, 0, 10)))
                .containsExactly(two.name(), three.name(), one.name());
        List<String> paged = List.of(
                        workspaces.list(s, Sort.MEMBERS, false, 0, 2), workspaces.list(s, Sort.MEMBERS, false, 2, 2))
                .stream()
                .flatMap(List::stream)
                .map(WorkspaceSummary::name)
                .toList();
        assertThat(paged).containsExactly(one.name(), two.name(), three.name());
        WorkspaceSummary first = workspaces.list(s, Sort.NAME, false, 0, 1).getFirst();
        assertThat(first.members()).isEqualTo(1);
        assertThat(first.lastActivityAt()).isEqualTo(now.minusDays(1).toInstant());
        assertThat(first.suspended()).isFalse();
        assertThat(first.account()).as("no billing accounts in this console").isNull();
    }

    @Test
    void sorts_by_plan_balance_and_usage_with_every_account_and_puts_workspaces_without_one_last() {
        String tag = unique();
        Workspace small = newWorkspace("Small " + tag);
        Workspace big = newWorkspace("Big " + tag);
        Workspace none = newWorkspace("None " + tag);
        Map<UUID, AccountSummary> accounts = Map.of(
                small.id(), new AccountSummary("free", "Free", new BigDecimal("10"), new BigDecimal("900.5")),
                big.id(), new AccountSummary("pro", "Pro", new BigDecimal("25000"), new BigDecimal("3")));
        OperatorWorkspaces withBilling = new OperatorWorkspaces(
                repository,
                context,
                provider(WorkspaceAccounts.class, new FixedAccounts(accounts)),
                provider(WorkspaceStatus.class, null),
                catalog);
        login(newOperator());
        Search s = Search.of(tag);

        assertThat(withBilling.showsAccounts()).isTrue();
        assertThat(names(inTx(() -> withBilling.list(s, Sort.BALANCE, true, 0, 10))))
                .containsExactly(big.name(), small.name(), none.name());
        assertThat(names(inTx(() -> withBilling.list(s, Sort.BALANCE, false, 0, 10))))
                .containsExactly(small.name(), big.name(), none.name());
        assertThat(names(inTx(() -> withBilling.list(s, Sort.USAGE, true, 0, 10))))
                .containsExactly(small.name(), big.name(), none.name());
        assertThat(names(inTx(() -> withBilling.list(s, Sort.PLAN, false, 1, 1))))
                .containsExactly(big.name());
        assertThat(inTx(() -> withBilling.list(s, Sort.NAME, false, 0, 10)))
                .extracting(w -> w.account() == null ? null : w.account().planId())
                .containsExactly("pro", null, "free");
        assertThat(workspaces.showsAccounts())
                .as("the console's own: the billing module gives every workspace an account")
                .isTrue();
    }

    @Test
    void a_workspace_in_detail_has_its_members_owners_first_and_its_keys_counted() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser viewer = newMember(w, Role.VIEWER);
        login(owner, w);
        keys.create(new KeyService.NewKey("one", null, null, "inference"));
        keys.create(new KeyService.NewKey("two", null, null, "inference"));
        login(newOperator());

        var detail = workspaces.detail(w.id()).orElseThrow();

        assertThat(detail.summary().name()).isEqualTo(w.name());
        assertThat(detail.members())
                .extracting(OperatorWorkspaceRepository.Member::email, OperatorWorkspaceRepository.Member::role)
                .containsExactly(tuple(owner.email(), Role.OWNER), tuple(viewer.email(), Role.VIEWER));
        assertThat(detail.keys()).isEqualTo(2);
        assertThat(detail.suspension()).isEmpty();
        assertThat(workspaces.detail(UUID.randomUUID())).isEmpty();
    }

    @Test
    void only_operators_and_platform_keys_of_scope_operator_may_list() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        assertThatThrownBy(() -> workspaces.count(Search.EVERY)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> workspaces.detail(w.id())).isInstanceOf(PermissionDeniedException.class);

        actAs(new PlatformKeyPrincipal(UUID.randomUUID(), "gateway", Set.of(PlatformKeyPrincipal.SCOPE_USAGE)));
        assertThatThrownBy(() -> workspaces.list(Search.EVERY, Sort.NAME, false, 0, 1))
                .isInstanceOf(PermissionDeniedException.class);

        actAs(new PlatformKeyPrincipal(UUID.randomUUID(), "support", Set.of(PlatformKeyPrincipal.SCOPE_OPERATOR)));
        assertThat(workspaces.detail(w.id())).isPresent();
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(s -> work.get());
    }

    private void lastActive(TestUser user, OffsetDateTime at) {
        tx.executeWithoutResult(s -> db.update(USERS)
                .set(USERS.LAST_ACTIVE_AT, at)
                .where(USERS.ID.eq(user.id()))
                .execute());
    }

    private static void actAs(PlatformKeyPrincipal key) {
        SecurityContext c = SecurityContextHolder.createEmptyContext();
        c.setAuthentication(new PlatformKeyAuthentication(key));
        SecurityContextHolder.setContext(c);
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (bean != null) {
            beans.addBean(type.getSimpleName(), bean);
        }
        return beans.getBeanProvider(type);
    }

    /** Accounts as a billing module would give them. */
    private record FixedAccounts(Map<UUID, AccountSummary> all) implements WorkspaceAccounts {

        @Override
        public Map<UUID, AccountSummary> summaries(Collection<UUID> workspaceIds) {
            return workspaceIds.stream().filter(all::containsKey).collect(Collectors.toMap(id -> id, all::get));
        }

        @Override
        public Map<UUID, AccountSummary> allSummaries() {
            return all;
        }
    }
}
