package dev.vlmconsole.app.layout;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.app.support.ProbeModule;
import dev.vlmconsole.app.support.QueryLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One round trip reads the acting membership once, however many navigation entries and dashboard
 * cards ask what the person may do; the next round trip reads it again (DD012).
 */
class OneMembershipLookupTest extends KaribuTest {

    @Test
    void rendering_the_layout_and_the_dashboard_reads_the_membership_once() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        addMember(newWorkspace(), owner, Role.VIEWER); // a second workspace for the switcher
        login(owner, w);
        nextRequest();

        List<String> reads;
        try (QueryLog log = QueryLog.open(db)) {
            navigate(DashboardView.class);
            // the acting person's memberships; the Team card's member count reads the workspace's members
            reads = log.on("memberships").stream()
                    .filter(q -> q.contains("where memberships.user_id"))
                    .toList();
        }

        assertThat(reads).hasSize(1);
        // the page asked often: every entry of the side navigation, the guard, the switcher, every card
        assertThat(navLabels()).contains("API keys", ProbeModule.PAGE_TITLE, "Audit log");
        LocatorJ._assertOne(H3.class, s -> s.withText(ProbeModule.CARD_TITLE));
    }

    @Test
    void the_next_round_trip_reads_it_again_and_sees_a_role_change() {
        Workspace w = newWorkspace();
        TestUser admin = newMember(w, Role.ADMIN);
        login(admin, w);
        navigate(DashboardView.class);
        assertThat(navLabels()).contains("Audit log");

        tx.executeWithoutResult(s -> db.update(MEMBERSHIPS)
                .set(MEMBERSHIPS.ROLE, Role.VIEWER.name())
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(w.id()), MEMBERSHIPS.USER_ID.eq(admin.id()))
                .execute());
        nextRequest();
        List<String> reads;
        try (QueryLog log = QueryLog.open(db)) {
            navigate(DashboardView.class);
            reads = log.on("memberships");
        }

        assertThat(reads).hasSize(1);
        assertThat(navLabels()).doesNotContain("Audit log");
    }

    private static List<String> navLabels() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
