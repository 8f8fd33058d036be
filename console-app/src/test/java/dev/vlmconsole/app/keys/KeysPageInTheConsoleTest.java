package dev.vlmconsole.app.keys;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.layout.MainLayout;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.keys.ui.KeysView;
import org.junit.jupiter.api.Test;

/**
 * The Keys page served by the console itself: inside its layout, behind its guard. What the page
 * does for each role is module-keys' {@code KeysViewTest}, on the module alone.
 */
class KeysPageInTheConsoleTest extends KaribuTest {

    @Test
    void the_billing_role_may_not_open_the_keys_page() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.BILLING), w);
        navigate("keys");
        assertThat(_find(KeysView.class)).isEmpty();
        assertThat(_get(AccessDeniedView.class)).isNotNull();
    }

    @Test
    void a_member_opens_the_keys_page_inside_the_console_layout() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.MEMBER), w);
        navigate("keys");
        assertThat(_get(KeysView.class)).isNotNull();
        assertThat(_get(MainLayout.class)).isNotNull();
    }
}
