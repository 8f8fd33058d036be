package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.team.TeamModule;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import org.junit.jupiter.api.Test;

/** The dashboard card: members and pending invitations, and the way to the Team page. */
class TeamCardTest extends TeamUiTest {

    @Test
    void counts_members_and_pending_invitations_and_links_to_the_team_page() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = member(w, Role.OWNER);
        member(w, Role.MEMBER);
        member(w, Role.VIEWER);
        login(owner, w);
        TEAM.invitations.invite("pat@example.test", Role.MEMBER);

        DashboardCard card = new TeamModule().dashboardCards().getFirst();
        assertThat(card.requiredPermission()).isEqualTo(TeamModule.READ);
        Component content = card.content().apply(TEAM.context);

        assertThat(_get(content, Paragraph.class).getText()).isEqualTo("3 members · 1 pending invitation");
        assertThat(_get(content, Anchor.class).getHref()).isEqualTo("team");
    }
}
