package dev.vlmconsole.app.operators.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.OperatorSection;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.operators.OperatorReason;
import dev.vlmconsole.app.operators.OperatorRepository.Person;
import dev.vlmconsole.app.operators.SupportSessions;
import dev.vlmconsole.app.operators.Suspensions;
import dev.vlmconsole.app.support.KaribuTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The actions of a workspace's operator page (open as support, suspend, resume: each asks for a reason)
 * and the sections modules add, with small doubles of {@link Suspensions} and {@link SupportSessions}
 * (their real implementations and tests are another part's); and the Operators page's last-operator
 * rule, on a database of its own so that this class knows every operator of the install.
 */
@Import(OperatorWorkspaceActionsTest.Doubles.class)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:operators-actions;DB_CLOSE_DELAY=-1")
class OperatorWorkspaceActionsTest extends KaribuTest {

    @Autowired
    RecordingSuspensions suspensions;

    @Autowired
    RecordingSupportSessions support;

    @Test
    void suspending_asks_for_a_reason_says_what_happens_and_the_page_then_shows_why() {
        Workspace w = newWorkspace();
        newMember(w, Role.OWNER);
        login(newOperator());
        navigate("operators/workspaces/" + w.id());

        _click(_get(Button.class, s -> s.withText("Suspend")));
        ReasonDialog dialog = _get(ReasonDialog.class);
        assertThat(dialog.getElement().getTextRecursively())
                .contains("refused at once")
                .contains("SUSPENDED")
                .contains("read-only access");
        _click(dialog.confirm);
        assertThat(dialog.isOpened()).as("a reason is required").isTrue();
        assertThat(dialog.reason.isInvalid()).isTrue();
        assertThat(suspensions.suspension(w.id())).isEmpty();

        _setValue(dialog.reason, "Unpaid invoices since March");
        _click(dialog.confirm);

        assertThat(dialog.isOpened()).isFalse();
        assertThat(suspensions.suspension(w.id()))
                .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("Unpaid invoices since March"));
        assertThat(_get(StatusBadge.class, s -> s.withText("Suspended"))).isNotNull();
        assertThat(_get(Paragraph.class, s -> s.withClasses("operators-suspended"))
                        .getText())
                .contains("Unpaid invoices since March");
        _assertOne(Button.class, s -> s.withText("Resume"));

        _click(_get(Button.class, s -> s.withText("Resume")));
        ReasonDialog resume = _get(ReasonDialog.class);
        _setValue(resume.reason, "Paid");
        _click(resume.confirm);
        assertThat(suspensions.suspension(w.id())).isEmpty();
        assertThat(_get(StatusBadge.class, s -> s.withText("Active"))).isNotNull();
    }

    @Test
    void the_list_shows_a_suspended_workspace_with_a_badge() {
        String tag = unique();
        Workspace w = newWorkspace("Suspended " + tag);
        suspensions.put(w.id(), "Abuse");
        login(newOperator());
        navigate(OperatorWorkspacesView.class);
        _setValue(_get(OperatorWorkspacesView.class).search, tag);

        StatusBadge badge =
                (StatusBadge) GridKt._getCellComponent(_get(OperatorWorkspacesView.class).grid, 0, "status");
        assertThat(badge.getText()).isEqualTo("Suspended");
        assertThat(badge.getTone()).isEqualTo(StatusBadge.Tone.ERROR);
    }

    @Test
    void opening_as_support_takes_a_reason_then_shows_the_workspaces_dashboard() {
        Workspace w = newWorkspace();
        login(newOperator());
        navigate("operators/workspaces/" + w.id());

        _click(_get(Button.class, s -> s.withText("Open as support")));
        ReasonDialog dialog = _get(ReasonDialog.class);
        _setValue(dialog.reason, "   ");
        _click(dialog.confirm);
        assertThat(dialog.isOpened()).isTrue();
        assertThat(support.opened).isEmpty();

        _setValue(dialog.reason, "Ticket 4711: keys refused");
        _click(dialog.confirm);

        assertThat(support.opened).containsExactly(w.id() + ": Ticket 4711: keys refused");
        _assertOne(DashboardView.class);
    }

    @Test
    void the_modules_sections_follow_in_their_order() {
        Workspace w = newWorkspace();
        login(newOperator());
        navigate("operators/workspaces/" + w.id());

        assertThat(_find(Section.class, s -> s.withClasses("operators-section")).stream()
                        .map(s -> s.getChildren()
                                .findFirst()
                                .map(c -> ((H2) c).getText())
                                .orElse("")))
                .containsExactly("Members", "First section", "Second section", "Billing");
        assertThat(_get(Paragraph.class, s -> s.withText("Credits of " + w.id())))
                .isNotNull();
    }

    @Test
    void the_last_operator_is_offered_no_withdrawal_and_may_withdraw_their_own_flag_while_another_remains() {
        assertThat(db.fetchValue("select database()").toString())
                .as("this class's own database: every other operator's flag is withdrawn below")
                .isEqualToIgnoringCase("operators-actions");
        TestUser me = newOperator();
        tx.executeWithoutResult(s -> db.update(USERS)
                .set(USERS.OPERATOR, false)
                .where(USERS.ID.ne(me.id()))
                .execute());
        login(me);
        navigate(OperatorsView.class);
        OperatorsView view = _get(OperatorsView.class);

        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(view.lastOne.isVisible()).isTrue();
        assertThat(view.lastOne.getText()).contains("cannot be withdrawn");
        assertThat(GridKt._getCellComponent(view.grid, 0, "actions").getChildren())
                .as("no Withdraw item: the row shows no menu button")
                .noneMatch(Component::isVisible);
        Person self = GridKt._get(view.grid, 0);
        view.openWithdraw(self);
        ReasonDialog refused = _get(ReasonDialog.class);
        _setValue(refused.reason, "Leaving");
        _click(refused.confirm);
        assertThat(refused.isOpened()).as("refused, and said so").isFalse();
        assertThat(tx.execute(s -> userRepository.findById(me.id()))
                        .orElseThrow()
                        .operator())
                .isTrue();

        TestUser colleague = newOperator();
        view.refresh();
        assertThat(GridKt._size(view.grid)).isEqualTo(2);
        assertThat(view.lastOne.isVisible()).isFalse();
        view.openWithdraw(self);
        ReasonDialog own = _get(ReasonDialog.class);
        assertThat(own.getHeaderTitle()).isEqualTo("Withdraw your own operator flag?");
        _setValue(own.reason, "Moving to engineering");
        _click(own.confirm);

        assertThat(tx.execute(s -> userRepository.findById(me.id()))
                        .orElseThrow()
                        .operator())
                .isFalse();
        assertThat(tx.execute(s -> userRepository.findById(colleague.id()))
                        .orElseThrow()
                        .operator())
                .isTrue();
        _assertOne(DashboardView.class);
    }

    /** Suspensions as a map, which also answers as the {@link WorkspaceStatus}. */
    static final class RecordingSuspensions implements Suspensions, WorkspaceStatus {
        private final Map<UUID, Suspension> suspended = new ConcurrentHashMap<>();

        void put(UUID id, String reason) {
            suspended.put(id, new Suspension(id, reason, Instant.now()));
        }

        @Override
        public boolean suspend(UUID workspaceId, String reason) {
            String why = OperatorReason.require(reason);
            return suspended.putIfAbsent(workspaceId, new Suspension(workspaceId, why, Instant.now())) == null;
        }

        @Override
        public boolean resume(UUID workspaceId, String reason) {
            OperatorReason.require(reason);
            return suspended.remove(workspaceId) != null;
        }

        @Override
        public boolean isSuspended(UUID workspaceId) {
            return suspended.containsKey(workspaceId);
        }

        @Override
        public Optional<Suspension> suspension(UUID workspaceId) {
            return Optional.ofNullable(suspended.get(workspaceId));
        }
    }

    /** Support sessions that only remember what was opened. */
    static final class RecordingSupportSessions implements SupportSessions {
        final List<String> opened = new ArrayList<>();

        @Override
        public void open(UUID workspaceId, String reason) {
            opened.add(workspaceId + ": " + OperatorReason.require(reason));
        }

        @Override
        public void close() {}

        @Override
        public Optional<UUID> current() {
            return Optional.empty();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Doubles {

        @Bean
        @Primary
        RecordingSuspensions recordingSuspensions() {
            return new RecordingSuspensions();
        }

        @Bean
        @Primary
        RecordingSupportSessions recordingSupportSessions() {
            return new RecordingSupportSessions();
        }

        /** A module with two operator sections, declared out of order. */
        @Bean
        ConsoleModule sectionsModule() {
            return new ConsoleModule() {
                @Override
                public String id() {
                    return "opsprobe";
                }

                @Override
                public String name() {
                    return "Operator sections probe";
                }

                @Override
                public List<OperatorSection> operatorSections() {
                    return List.of(
                            new OperatorSection("opsprobe.second", "Second section", 20, id -> new Paragraph("Later")),
                            new OperatorSection(
                                    "opsprobe.first", "First section", 10, id -> new Paragraph("Credits of " + id)));
                }
            };
        }
    }
}
