package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Team page's "SCIM provisioning" card: Owners manage SCIM keys, Admins see the status, Members nothing. */
class ScimCardTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;
    TestPerson admin;
    TestPerson bob;

    @BeforeEach
    void team() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
        admin = member(w, Role.ADMIN);
        bob = member(w, Role.MEMBER);
    }

    /** The open dialog, which has this title. */
    private static Dialog dialog(String title) {
        Dialog d = _get(Dialog.class);
        assertThat(d.getHeaderTitle()).isEqualTo(title);
        return d;
    }

    private static ScimCard card() {
        return _get(TeamView.class).scim;
    }

    /** Whether the page has the SCIM tab; when it has, selects it (a tab's content is inert until then). */
    private static boolean hasScimTab() {
        TeamView view = _get(TeamView.class);
        if (view.scim == null) {
            return false;
        }
        Tab tab = view.tabs.getTab(view.scim);
        assertThat(tab.getLabel()).isEqualTo("SCIM provisioning");
        view.tabs.setSelectedTab(tab);
        return true;
    }

    @Test
    void members_do_not_see_scim_provisioning() {
        TEAM.serviceKeys.add(w.id(), "Okta");
        login(bob, w);
        navigate("team");

        assertThat(hasScimTab()).isFalse();
        assertThat(_get(TeamView.class).scim).isNull();
        assertThat(pageText()).doesNotContain("SCIM");
    }

    @Test
    void admins_see_that_scim_is_not_set_up() {
        login(admin, w);
        navigate("team");

        assertThat(hasScimTab()).isTrue();
        assertThat(card().status.getText()).startsWith("SCIM provisioning is not set up.");
        assertThat(_find(card(), Button.class)).isEmpty();
    }

    @Test
    void admins_see_that_scim_is_set_up_without_any_action() {
        KeyFacts key = TEAM.serviceKeys.add(w.id(), "Okta");
        login(admin, w);
        navigate("team");

        assertThat(hasScimTab()).isTrue();
        assertThat(card().status.getText()).startsWith("SCIM provisioning is set up");
        assertThat(_find(card(), Button.class)).isEmpty();
        assertThat(_find(card(), TextField.class))
                .as("no base URL or key to copy")
                .isEmpty();
        assertThat(pageText()).doesNotContain(key.prefix());
    }

    @Test
    void an_owner_sees_the_base_url_and_an_empty_state_then_creates_a_key_whose_secret_is_shown_once() {
        login(owner, w);
        navigate("team");
        assertThat(hasScimTab()).isTrue();

        assertThat(card().baseUrl).isEqualTo(TeamUiContext.PUBLIC_URL + "/scim/v2");
        assertThat(_get(card(), TextField.class, s -> s.withLabel("SCIM base URL"))
                        .getValue())
                .isEqualTo(TeamUiContext.PUBLIC_URL + "/scim/v2");
        assertThat(card().status.getText()).isEqualTo("Not set up: no SCIM key.");
        assertThat(GridKt._size(card().grid)).isZero();

        _click(card().create);
        Dialog create = dialog("Create a SCIM key");
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "Okta");
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        KeyFacts created = TEAM.serviceKeys
                .serviceKeysOf(w.id(), ApiKeyPrincipal.SCOPE_SCIM)
                .getFirst();
        assertThat(created.name()).isEqualTo("Okta");
        Dialog secret = dialog("SCIM key Okta created");
        String token =
                _get(secret, TextField.class, s -> s.withLabel("Bearer token")).getValue();
        assertThat(token).startsWith("vlm_admin_").startsWith(created.prefix());
        assertThat(pageText())
                .contains("bearer token")
                .contains("Okta or Microsoft Entra ID")
                .contains("shown once");
        _click(_get(secret, Button.class, s -> s.withText("Done")));

        assertThat(_find(Dialog.class)).isEmpty();
        assertThat(pageText()).as("shown once").doesNotContain(token);
        assertThat(GridKt._size(card().grid)).isEqualTo(1);
        assertThat(GridKt._getFormattedRow(card().grid, 0)).contains("Okta", created.prefix() + "…");
        assertThat(card().status.getText()).isEqualTo("Set up: 1 active SCIM key.");
    }

    @Test
    void an_owner_revokes_a_scim_key_after_a_confirmation_naming_what_stops() {
        KeyFacts key = TEAM.serviceKeys.add(w.id(), "Entra ID");
        TEAM.serviceKeys.add(newWorkspace().id(), "Another workspace's key");
        login(owner, w);
        navigate("team");
        assertThat(hasScimTab()).isTrue();
        assertThat(GridKt._size(card().grid)).isEqualTo(1);

        _click((Button) GridKt._getCellComponent(card().grid, 0, "actions"));
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getText()).contains("Provisioning from your identity provider stops at once");
        confirm();

        assertThat(TEAM.serviceKeys.serviceKeysOf(w.id(), ApiKeyPrincipal.SCOPE_SCIM))
                .extracting(KeyFacts::keyId)
                .doesNotContain(key.keyId());
        assertThat(GridKt._size(card().grid)).isZero();
        assertThat(card().status.getText()).isEqualTo("Not set up: no SCIM key.");
    }

    @Test
    void a_create_the_keys_module_refuses_says_why_and_creates_nothing() {
        login(owner, w);
        navigate("team");
        assertThat(hasScimTab()).isTrue();
        _click(card().create);
        Dialog create = dialog("Create a SCIM key");
        TextField name = _get(create, TextField.class, s -> s.withLabel("Name"));
        _setValue(name, "Okta");
        login(admin, w); // no longer an Owner when the click arrives: the keys module checks again

        _click(_get(create, Button.class, s -> s.withText("Create key")));

        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Only an Owner creates SCIM keys.");
        assertThat(TEAM.serviceKeys.serviceKeysOf(w.id(), ApiKeyPrincipal.SCOPE_SCIM))
                .isEmpty();
    }
}
