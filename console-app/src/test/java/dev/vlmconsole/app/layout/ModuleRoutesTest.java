package dev.vlmconsole.app.layout;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.app.support.ProbeModule;
import org.junit.jupiter.api.Test;

/** Pages that modules contribute are routed inside the layout and guarded by their permission. */
class ModuleRoutesTest extends KaribuTest {

    @Test
    void a_module_page_opens_for_a_role_holding_its_permission() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        navigate("probe");

        LocatorJ._assertOne(ProbeModule.ProbeView.class);
        LocatorJ._assertOne(H1.class, s -> s.withText(ProbeModule.PAGE_TITLE));
        assertThat(_find(SideNavItem.class).stream().map(SideNavItem::getLabel)).contains(ProbeModule.PAGE_TITLE);
    }

    @Test
    void a_module_page_is_refused_and_hidden_for_a_role_without_its_permission() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.ADMIN), w);

        navigate("probe");

        LocatorJ._assertNone(ProbeModule.ProbeView.class);
        LocatorJ._assertOne(AccessDeniedView.class);
        LocatorJ._assertOne(H2.class, s -> s.withText("You don't have access to this page"));
        assertThat(_find(SideNavItem.class).stream().map(SideNavItem::getLabel)).doesNotContain(ProbeModule.PAGE_TITLE);
    }
}
