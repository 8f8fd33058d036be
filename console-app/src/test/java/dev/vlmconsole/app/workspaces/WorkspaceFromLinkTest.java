package dev.vlmconsole.app.workspaces;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ?workspace=<id>} opens a console page in that workspace, if the person belongs to it. */
class WorkspaceFromLinkTest extends KaribuTest {

    private static String subtitle() {
        return _get(Paragraph.class, s -> s.withClasses("subtitle")).getText();
    }

    @Test
    void a_link_into_one_of_ones_workspaces_makes_it_the_current_one() {
        Workspace first = newWorkspace();
        Workspace joined = newWorkspace();
        TestUser user = newMember(first, Role.MEMBER);
        addMember(joined, user, Role.ADMIN);
        login(user, first);

        navigate("", "workspace=" + joined.id());

        assertThat(subtitle()).isEqualTo("Workspace " + joined.name() + " · your role: Admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "foreign"})
    void a_link_to_a_workspace_one_does_not_belong_to_changes_nothing(String value) {
        Workspace mine = newWorkspace();
        Workspace foreign = newWorkspace();
        newMember(foreign, Role.OWNER);
        TestUser user = newMember(mine, Role.MEMBER);
        login(user, mine);

        navigate("", "workspace=" + (value.equals("foreign") ? foreign.id() : value));

        assertThat(subtitle()).isEqualTo("Workspace " + mine.name() + " · your role: Member");
    }

    @Test
    void an_unknown_id_changes_nothing_either() {
        Workspace mine = newWorkspace();
        TestUser user = newMember(mine, Role.MEMBER);
        login(user, mine);

        navigate("", "workspace=" + UUID.randomUUID());

        assertThat(subtitle()).isEqualTo("Workspace " + mine.name() + " · your role: Member");
    }

    @Test
    void a_page_opened_by_a_link_is_checked_in_the_workspace_it_chose() {
        Workspace ownWorkspace = newWorkspace();
        Workspace billingOnly = newWorkspace();
        TestUser user = newMember(ownWorkspace, Role.OWNER);
        addMember(billingOnly, user, Role.BILLING);
        login(user, ownWorkspace);

        navigate("keys", "workspace=" + billingOnly.id());

        _assertOne(AccessDeniedView.class);
        assertThat(UI.getCurrent()
                        .getInternals()
                        .getActiveViewLocation()
                        .getQueryParameters()
                        .getParameters())
                .doesNotContainKey("workspace");
    }
}
