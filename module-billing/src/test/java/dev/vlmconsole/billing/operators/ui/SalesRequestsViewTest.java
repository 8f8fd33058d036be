package dev.vlmconsole.billing.operators.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.BillingProfileService;
import dev.vlmconsole.billing.operators.OperatorsFixture;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' "Sales requests" page on the real services over a database of its own: refused to
 * members by the page's guard, an empty state, and answering a request (emailed, then listed as handled
 * with the answer); without a mail server it says so and offers "Mark handled".
 */
class SalesRequestsViewTest extends KaribuModuleTest {

    static final OperatorsFixture.Ops OPS =
            OperatorsFixture.start(ModuleDatabase.h2().withCoreTables().migrate(new BillingModule()));

    @Override
    protected ModuleTestContext spring() {
        return OPS.spring();
    }

    @AfterEach
    void mailBack() {
        OPS.mail().setConfigured(true);
    }

    SalesRequestsView view() {
        return _get(SalesRequestsView.class);
    }

    /** A request sent by a new Owner of a new workspace. */
    TestPerson request(String message) {
        TestWorkspace w = OPS.members().newWorkspace("Initech");
        TestPerson owner = OPS.members().newMember(w, Role.OWNER);
        OPS.context().signIn(owner, w);
        OPS.bean(BillingProfileService.class).contactSales(message);
        return owner;
    }

    @Test
    void members_are_refused_by_the_page_guard() {
        TestWorkspace w = OPS.newWorkspace();
        OPS.context().signIn(OPS.members().newMember(w, Role.OWNER), w);

        assertThatThrownBy(() -> navigate(SalesRequestsView.PATH)).hasMessageContaining("Sales requests");
    }

    @Test
    void with_nothing_open_the_page_says_so() {
        OPS.signInOperator();

        navigate(SalesRequestsView.PATH);

        if (GridKt._size(view().grid) == 0) {
            assertThat(view().empty.getHeading()).isEqualTo("No open requests");
        }
        assertThat(view().open.getLabel()).startsWith("Open");
    }

    @Test
    void an_operator_answers_a_request_by_email_and_it_is_listed_as_handled() {
        TestPerson asker = request("We need 20M credits a month.");
        OPS.signInOperator();
        OPS.mail().clear();
        navigate(SalesRequestsView.PATH);
        SalesRequestsView view = view();
        assertThat(view.open.getLabel()).isEqualTo("Open (1)");
        assertThat(GridKt._getFormattedRow(view.grid, 0)).contains("Initech", "We need 20M credits a month.");

        _click((Button) GridKt._getCellComponent(view.grid, 0, "actions"));
        AnswerDialog dialog = _get(AnswerDialog.class);
        assertThat(dialog.send.isVisible()).isTrue();
        _click(dialog.send);
        assertThat(dialog.reply.isInvalid()).isTrue();
        _setValue(dialog.reply, "Thanks! Our team will call you tomorrow.");
        _click(dialog.send);

        NotificationsKt.expectNotifications("Answer sent to " + asker.email() + ".");
        assertThat(OPS.mail().sentTo(asker.email()))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).startsWith("Thanks! Our team will call you tomorrow."));
        assertThat(GridKt._size(view.grid)).isZero();
        view.tabs.setSelectedTab(view.handled);
        assertThat(view.shown())
                .filteredOn(r -> r.requesterEmail().equals(asker.email()))
                .singleElement()
                .satisfies(r -> assertThat(r.reply()).isEqualTo("Thanks! Our team will call you tomorrow."));
        assertThat(IntStream.range(0, GridKt._size(view.grid)).mapToObj(i -> GridKt._getFormattedRow(view.grid, i)))
                .anySatisfy(row -> assertThat(row).contains("Thanks! Our team will call you tomorrow."));
    }

    @Test
    void without_a_mail_server_the_page_says_so_and_the_request_is_marked_handled_with_a_note() {
        request("Call me, please.");
        OPS.signInOperator();
        OPS.mail().setConfigured(false);
        navigate(SalesRequestsView.PATH);
        SalesRequestsView view = view();

        _click((Button) GridKt._getCellComponent(view.grid, 0, "actions"));
        AnswerDialog dialog = _get(AnswerDialog.class);
        assertThat(dialog.send.isVisible()).isFalse();
        assertThat(dialog.reply.getHelperText()).startsWith("Not emailed");
        _setValue(dialog.reply, "Called them on 17 Nov.");
        _click(dialog.handled);

        NotificationsKt.expectNotifications("The request is marked handled.");
        assertThat(OPS.mail().queued()).isEmpty();
        assertThat(GridKt._size(view.grid)).isZero();
    }
}
