package dev.vlmconsole.app.dashboard;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.app.support.ProbeModule;
import org.junit.jupiter.api.Test;

class DashboardViewTest extends KaribuTest {

    @Test
    void greets_the_person_with_workspace_and_role() {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        login(member, w);

        navigate(DashboardView.class);

        assertThat(_get(H1.class).getText()).isEqualTo("Welcome, " + member.displayName());
        assertThat(_get(Paragraph.class, s -> s.withClasses("subtitle")).getText())
                .isEqualTo("Workspace " + w.name() + " · your role: Member");
    }

    @Test
    void installed_modules_card_lists_every_module() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.VIEWER), w);

        navigate(DashboardView.class);

        assertThat(_find(Span.class, s -> s.withClasses("module-item")).stream().map(Span::getText))
                .contains("Console (core)", "API keys (keys)", "Team (team)", "Billing (billing)");
    }

    @Test
    void a_card_the_role_may_see_is_shown_instead_of_the_empty_state() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        navigate(DashboardView.class);

        LocatorJ._assertOne(H3.class, s -> s.withText(ProbeModule.CARD_TITLE));
        LocatorJ._assertOne(Span.class, s -> s.withText("Probe of " + w.name()));
        LocatorJ._assertNone(H2.class, s -> s.withText("Nothing to show here yet"));
    }

    @Test
    void a_billing_member_sees_the_billing_card_and_not_the_cards_of_other_roles() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.BILLING), w); // the Billing module's card is every member's

        navigate(DashboardView.class);

        LocatorJ._assertNone(H3.class, s -> s.withText(ProbeModule.CARD_TITLE));
        LocatorJ._assertOne(H3.class, s -> s.withText("Billing"));
        LocatorJ._assertNone(H2.class, s -> s.withText("Nothing to show here yet"));
        LocatorJ._assertOne(H3.class, s -> s.withText("Installed modules"));
    }

    @Test
    void a_person_without_workspace_is_told_they_are_not_a_member() {
        login(newUser());

        navigate(DashboardView.class);

        LocatorJ._assertOne(H2.class, s -> s.withText("You are not a member of any workspace yet"));
        LocatorJ._assertNone(H3.class, s -> s.withText("Installed modules"));
        LocatorJ._assertNone(Paragraph.class, s -> s.withClasses("subtitle"));
    }
}
