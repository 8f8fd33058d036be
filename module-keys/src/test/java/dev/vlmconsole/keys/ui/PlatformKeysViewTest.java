package dev.vlmconsole.keys.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.keys.KeysAutoConfiguration;
import dev.vlmconsole.keys.KeysModule;
import dev.vlmconsole.keys.platform.PlatformKey;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operators' Platform keys page. Platform keys are install-wide, so this class has an install of its
 * own (the empty state is seen before any test creates a key).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformKeysViewTest extends KaribuModuleTest {

    static final ModuleTestContext SPRING = start();

    PlatformKeyService keys;
    PlatformKeyAuthenticator authenticator;

    private static ModuleTestContext start() {
        ModuleDatabase database = ModuleDatabase.h2();
        KeysModule module = new KeysModule(() -> null);
        database.migrate(module);
        FakeConsoleContext context = new FakeConsoleContext(new TestMembers(database), module);
        return ModuleTestContext.builder(database, context)
                .configuration(KeysAutoConfiguration.class)
                .start();
    }

    @Override
    protected ModuleTestContext spring() {
        return SPRING;
    }

    @BeforeEach
    void signInAnOperator() {
        keys = SPRING.bean(PlatformKeyService.class);
        authenticator = SPRING.bean(PlatformKeyAuthenticator.class);
        SPRING.consoleContext().signIn(SPRING.members().newOperator());
    }

    @Test
    @Order(1)
    void an_install_without_platform_keys_shows_the_empty_state_which_offers_to_create_one() {
        navigate(PlatformKeysView.PATH);

        assertThat(GridKt._size(grid())).isZero();
        EmptyState empty = (EmptyState) grid().getEmptyStateComponent();
        assertThat(empty.getHeading()).isEqualTo("No platform keys yet");
        _click(_get(empty, Button.class, s -> s.withText("Create your first platform key")));
        assertThat(_get(Dialog.class).getHeaderTitle()).isEqualTo("Create a platform key");
    }

    @Test
    @Order(2)
    void creating_a_key_shows_its_secret_once_with_a_copy_button_and_the_list_only_its_prefix() {
        navigate(PlatformKeysView.PATH);
        _click(_get(Button.class, s -> s.withText("Create platform key")));
        Dialog create = _get(Dialog.class);
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "Gateway eu-west");
        @SuppressWarnings("unchecked")
        CheckboxGroup<String> scopes = _get(create, CheckboxGroup.class, s -> s.withLabel("Scopes"));
        assertThat(scopes.getValue()).containsExactly("usage");
        _setValue(scopes, Set.of("usage", "verify"));
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        String secret =
                _get(TextField.class, s -> s.withLabel("Your new platform key")).getValue();
        assertThat(secret).startsWith("vlm_svc_").hasSize(46);
        assertThat(_find(Button.class, s -> s.withText("Copy"))).hasSize(1);
        assertThat(authenticator.authenticate(secret))
                .hasValueSatisfying(p -> assertThat(p.scopes()).containsExactlyInAnyOrder("usage", "verify"));
        _click(_get(Button.class, s -> s.withText("I've copied it")));

        assertThat(_find(TextField.class, s -> s.withLabel("Your new platform key")))
                .isEmpty();
        String row = String.join(" ", GridKt._getFormattedRow(grid(), 0));
        assertThat(row)
                .contains("Gateway eu-west", secret.substring(0, 12), "usage, verify", "Never")
                .doesNotContain(secret);
    }

    @Test
    @Order(3)
    void a_blank_name_and_no_scope_are_refused_at_their_fields() {
        navigate(PlatformKeysView.PATH);
        int before = keys.list().size();
        _click(_get(Button.class, s -> s.withText("Create platform key")));
        Dialog create = _get(Dialog.class);
        @SuppressWarnings("unchecked")
        CheckboxGroup<String> scopes = _get(create, CheckboxGroup.class, s -> s.withLabel("Scopes"));
        _setValue(scopes, Set.of());
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        assertThat(_get(create, TextField.class, s -> s.withLabel("Name")).isInvalid())
                .isTrue();
        assertThat(scopes.isInvalid()).isTrue();
        assertThat(scopes.getErrorMessage()).isEqualTo("Choose at least one scope.");
        assertThat(create.isOpened()).isTrue();
        assertThat(keys.list()).hasSize(before);
    }

    @Test
    @Order(4)
    void revoking_asks_first_and_then_the_key_is_refused() {
        String secret = keys.create("Doomed", Set.of("usage")).secret();
        navigate(PlatformKeysView.PATH);
        assertThat(GridKt._get(grid(), 0).name()).isEqualTo("Doomed");
        ContextMenuKt._clickItemWithCaption(actions(0).getMenuBar(), "Revoke");
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Revoke 'Doomed'?");
        _click(confirm.getCancelButton());
        assertThat(authenticator.authenticate(secret)).isPresent();

        ContextMenuKt._clickItemWithCaption(actions(0).getMenuBar(), "Revoke");
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());

        assertThat(authenticator.authenticate(secret)).isEmpty();
        NotificationsKt.expectNotifications("Platform key 'Doomed' revoked");
        int revokedRow = rowOf("Doomed");
        StatusBadge status = (StatusBadge) GridKt._getCellComponent(grid(), revokedRow, "status");
        assertThat(status.getText()).isEqualTo("Revoked");
        assertThat(GridKt._getCellComponent(grid(), revokedRow, "actions"))
                .as("a revoked key offers nothing more")
                .isNotInstanceOf(RowActions.class);
    }

    @Test
    @Order(5)
    void people_who_are_not_operators_may_not_open_the_page_even_as_owners() {
        TestWorkspace w = SPRING.members().newWorkspace();
        SPRING.consoleContext().signIn(SPRING.members().newMember(w, Role.OWNER), w);

        assertThatThrownBy(() -> navigate(PlatformKeysView.PATH))
                .isInstanceOf(MockAccessDeniedException.class)
                .hasMessage("Platform keys");
        assertThat(_find(PlatformKeysView.class)).isEmpty();
    }

    private static RowActions actions(int row) {
        return (RowActions) GridKt._getCellComponent(grid(), row, "actions");
    }

    private static int rowOf(String name) {
        for (int i = 0; i < GridKt._size(grid()); i++) {
            if (GridKt._get(grid(), i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no row " + name);
    }

    @SuppressWarnings("unchecked")
    private static Grid<PlatformKey> grid() {
        return _get(Grid.class, s -> s.withClasses("keys-platform-grid"));
    }
}
