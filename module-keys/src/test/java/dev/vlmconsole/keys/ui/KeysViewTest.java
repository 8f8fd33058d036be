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
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysContexts;
import dev.vlmconsole.keys.KeysProperties;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.VerificationCode;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.ModuleUi;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Keys page: what each role sees and may do, and the secret shown exactly once. Runs on the
 * keys module alone (test-support's fake console); that the console's own guard and layout serve
 * the page is console-app's {@code KeysPageInTheConsoleTest}.
 */
class KeysViewTest extends KaribuModuleTest {

    KeyService keys;
    KeyVerifier verifier;
    KeysProperties keysSettings;
    KeyRepository repository;
    TransactionTemplate tx;

    @Override
    protected ModuleTestContext spring() {
        return KeysContexts.h2();
    }

    @BeforeEach
    void wire() {
        keys = spring().bean(KeyService.class);
        verifier = spring().bean(KeyVerifier.class);
        repository = spring().bean(KeyRepository.class);
        keysSettings = spring().bean(KeysProperties.class);
        tx = spring().database().tx();
        spring().consoleContext().signOut();
    }

    private TestWorkspace newWorkspace() {
        return spring().members().newWorkspace();
    }

    private TestPerson newMember(TestWorkspace workspace, Role role) {
        return spring().members().newMember(workspace, role);
    }

    private void login(TestPerson person, TestWorkspace workspace) {
        spring().consoleContext().signIn(person, workspace);
    }

    private KeyService.KeyWithSecret keyOf(TestPerson user, TestWorkspace w, String name) {
        login(user, w);
        return keys.create(new KeyService.NewKey(name, null, null, "inference"));
    }

    @Test
    void an_empty_workspace_shows_the_empty_state_and_the_create_button() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        assertThat(_get(KeysView.class)).isNotNull();
        assertThat(GridKt._size(grid())).isZero();
        EmptyState empty = (EmptyState) grid().getEmptyStateComponent();
        assertThat(empty.getHeading()).isEqualTo("No API keys yet");
        assertThat(_get(Button.class, s -> s.withText("Create key")).isVisible())
                .isTrue();
        _click(_get(empty, Button.class, s -> s.withText("Create your first key")));
        assertThat(_get(Dialog.class).getHeaderTitle()).isEqualTo("Create an API key");
    }

    @Test
    void a_filter_that_matches_nothing_says_so_and_offers_to_clear_it() {
        TestWorkspace w = newWorkspace();
        keyOf(newMember(w, Role.OWNER), w, "present");
        navigate("keys");
        _setValue(_get(TextField.class, s -> s.withPlaceholder("Search name, prefix, project")), "absent");
        assertThat(GridKt._size(grid())).isZero();
        EmptyState empty = (EmptyState) grid().getEmptyStateComponent();
        assertThat(empty.getHeading()).isEqualTo("No keys match");
        _click(_get(empty, Button.class, s -> s.withText("Clear filters")));
        assertThat(names()).containsExactly("present");
    }

    @Test
    void creating_a_key_shows_its_secret_once_and_the_list_only_its_prefix() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "Production ingest");
        _setValue(_get(create, TextField.class, s -> s.withLabel("Project (optional)")), "ingest");
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        String secret = _get(TextField.class, s -> s.withLabel("Your new key")).getValue();
        assertThat(secret).startsWith("vlm_live_").hasSize(47);
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.VALID);
        _click(_get(Button.class, s -> s.withText("I've copied it")));

        assertThat(_find(TextField.class, s -> s.withLabel("Your new key"))).isEmpty();
        assertThat(GridKt._size(grid())).isEqualTo(1);
        String row = String.join(" ", GridKt._getFormattedRow(grid(), 0));
        assertThat(row).contains(secret.substring(0, 13)).doesNotContain(secret);
    }

    @Test
    void a_blank_name_is_refused_in_the_dialog() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        _click(_get(create, Button.class, s -> s.withText("Create key")));
        TextField name = _get(create, TextField.class, s -> s.withLabel("Name"));
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Enter a name.");
        assertThat(create.isOpened()).isTrue();
    }

    @Test
    void every_refused_input_of_the_create_dialog_is_shown_at_its_field_at_once() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        TextField name = _get(create, TextField.class, s -> s.withLabel("Name"));
        TextField project = _get(create, TextField.class, s -> s.withLabel("Project (optional)"));
        DatePicker expires = _get(create, DatePicker.class, s -> s.withLabel("Expires (optional)"));
        _setValue(project, "prod\u0007");
        _setValue(expires, LocalDate.of(2001, 1, 1));
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        assertThat(name.isInvalid()).isTrue();
        assertThat(project.isInvalid()).isTrue();
        assertThat(expires.isInvalid()).isTrue();
        assertThat(expires.getErrorMessage()).isEqualTo("The expiry must be in the future and within 10 years.");

        _setValue(name, "ingest");
        _setValue(project, "prod");
        _click(_get(create, Button.class, s -> s.withText("Create key")));
        assertThat(name.isInvalid() || project.isInvalid())
                .as("fixed fields are cleared")
                .isFalse();
        assertThat(expires.isInvalid()).isTrue();
        assertThat(create.isOpened()).isTrue();
    }

    @Test
    void a_project_with_a_direction_override_is_refused_beside_the_project_field() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "ingest");
        _setValue(_get(create, TextField.class, s -> s.withLabel("Project (optional)")), "prod\u202Eved");
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        TextField project = _get(create, TextField.class, s -> s.withLabel("Project (optional)"));
        assertThat(project.isInvalid()).isTrue();
        assertThat(project.getErrorMessage()).startsWith("Remove line breaks");
        assertThat(_get(create, TextField.class, s -> s.withLabel("Name")).isInvalid())
                .isFalse();
        assertThat(create.isOpened()).isTrue();
    }

    @Test
    void a_workspace_at_its_key_cap_is_told_so_plainly_in_the_create_dialog() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        Instant now = Instant.now();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < keysSettings.maxActivePerWorkspace(); i++) {
                repository.insert(
                        new ApiKey(
                                UUID.randomUUID(),
                                w.id(),
                                owner.id(),
                                "bulk " + i,
                                null,
                                "inference",
                                "vlm_live_bulk",
                                now,
                                null,
                                null,
                                null),
                        owner.id(),
                        UUID.randomUUID().toString().replace("-", "") + i);
            }
        });
        login(owner, w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "one too many");
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        assertThat(create.isOpened()).isTrue();
        assertThat(_get(
                                create,
                                Paragraph.class,
                                s -> s.withText(
                                        "This workspace already has 1,000 active keys, the most it may have. Revoke keys it no longer uses first."))
                        .isVisible())
                .isTrue();
        assertThat(_find(TextField.class, s -> s.withLabel("Your new key"))).isEmpty();
    }

    @Test
    void members_see_and_manage_only_their_own_keys_and_cannot_make_admin_keys() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        TestPerson member = newMember(w, Role.MEMBER);
        keyOf(owner, w, "owner's key");
        keyOf(member, w, "member's key");
        login(member, w);
        navigate("keys");
        assertThat(names()).containsExactly("member's key");
        _click(_get(Button.class, s -> s.withText("Create key")));
        RadioButtonGroup<?> scope = _get(RadioButtonGroup.class);
        assertThat(scope.getListDataView().getItems().map(Object::toString).toList())
                .containsExactly("inference");
    }

    @Test
    void owners_see_every_key_of_the_workspace_and_nothing_of_another() {
        TestWorkspace w = newWorkspace();
        TestWorkspace other = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        keyOf(newMember(w, Role.MEMBER), w, "a member's key");
        keyOf(owner, w, "my key");
        keyOf(newMember(other, Role.OWNER), other, "someone else's");
        login(owner, w);
        navigate("keys");
        assertThat(names()).containsExactlyInAnyOrder("a member's key", "my key");
    }

    @Test
    void viewers_read_the_list_but_get_no_create_button_and_no_actions() {
        TestWorkspace w = newWorkspace();
        keyOf(newMember(w, Role.OWNER), w, "key");
        login(newMember(w, Role.VIEWER), w);
        navigate("keys");
        assertThat(names()).containsExactly("key");
        assertThat(_find(Button.class, s -> s.withText("Create key")))
                .as("no visible create button")
                .isEmpty();
        List<String> captions = new ArrayList<>();
        actions(0).getItems().forEach(i -> captions.add(i.getText()));
        assertThat(captions).containsExactly("Details");
        assertThat(actions(0).getMenuBar().getItems().getFirst().getAriaLabel()).hasValue("Actions for key");
    }

    @Test
    void the_billing_role_may_not_open_the_keys_page() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.BILLING), w);
        assertThatThrownBy(() -> navigate("keys"))
                .as("refused as the console refuses it")
                .isInstanceOf(MockAccessDeniedException.class)
                .hasMessage("API keys");
        assertThat(_find(KeysView.class)).isEmpty();
    }

    @Test
    void revoking_asks_first_and_then_the_key_stops_working() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        KeyService.KeyWithSecret key = keyOf(owner, w, "doomed");
        navigate("keys");
        assertThat(actions(0).getItems())
                .extracting(i -> i.getText())
                .containsExactly("Details", "Rename", "Set expiry", "Roll", "Revoke");
        assertThat(actions(0).getItems().getLast().getElement().getClassList()).contains(RowActions.DESTRUCTIVE);
        choose(0, "Revoke");
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Revoke 'doomed'?");
        assertThat(confirm.getCancelButton().isAutofocus()).isTrue();
        _click(confirm.getConfirmButton());
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        StatusBadge status = (StatusBadge) GridKt._getCellComponent(grid(), 0, "status");
        assertThat(status.getText()).isEqualTo("Revoked");
        assertThat(status.getTone()).isEqualTo(StatusBadge.Tone.ERROR);
        NotificationsKt.expectNotifications("Key 'doomed' revoked");
    }

    @Test
    void cancelling_the_revocation_keeps_the_key() {
        TestWorkspace w = newWorkspace();
        KeyService.KeyWithSecret key = keyOf(newMember(w, Role.OWNER), w, "kept");
        navigate("keys");
        choose(0, "Revoke");
        _click(_get(DestructiveConfirmDialog.class).getCancelButton());
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void rolling_shows_the_new_secret_and_keeps_the_old_one_for_the_grace_period() {
        TestWorkspace w = newWorkspace();
        KeyService.KeyWithSecret key = keyOf(newMember(w, Role.OWNER), w, "rolling");
        navigate("keys");
        choose(0, "Roll");
        Dialog roll = _get(Dialog.class);
        assertThat(_get(roll, Select.class).getValue()).hasToString("PT24H");
        _click(_get(roll, Button.class, s -> s.withText("Roll key")));
        String fresh = _get(TextField.class, s -> s.withLabel("Your new key")).getValue();
        assertThat(fresh).isNotEqualTo(key.secret());
        assertThat(verifier.authenticate(fresh).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void the_status_filter_narrows_the_list() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        KeyService.KeyWithSecret gone = keyOf(owner, w, "gone");
        keyOf(owner, w, "alive");
        keys.revoke(gone.key().id());
        navigate("keys");
        @SuppressWarnings("unchecked")
        Select<ApiKey.Status> status = _get(Select.class, s -> s.withLabel("Status"));
        _setValue(status, ApiKey.Status.REVOKED);
        assertThat(names()).containsExactly("gone");
        _setValue(_get(TextField.class, s -> s.withPlaceholder("Search name, prefix, project")), "ali");
        assertThat(names()).isEmpty();
    }

    @Test
    void the_detail_shows_the_usage_trend_and_the_keys_history() {
        TestWorkspace w = newWorkspace();
        KeyService.KeyWithSecret key = keyOf(newMember(w, Role.OWNER), w, "observed");
        keys.rename(key.key().id(), "observed and renamed");
        navigate("keys");
        choose(0, "Details");
        Dialog detail = _get(Dialog.class);
        assertThat(_get(detail, UsageChart.class).getElement().getProperty("innerHTML"))
                .startsWith("<svg")
                .contains("<rect");
        @SuppressWarnings("unchecked")
        Grid<AuditLog.AuditRecord> history = _get(detail, Grid.class);
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < GridKt._size(history); i++) {
            actions.add(GridKt._get(history, i).action());
        }
        assertThat(actions).containsExactly("keys.key.renamed", "keys.key.created");
        assertThat(String.join(" ", GridKt._getFormattedRow(history, 1))).doesNotContain(key.secret());
    }

    @Test
    void service_keys_show_the_workspace_as_owner_and_scim_keys_say_so() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyCatalog.IssuedKey scim = spring().bean(KeyCatalog.class).createServiceKey("Okta", "scim");
        keys.create(new KeyService.NewKey("mine", null, null, "inference"));
        navigate("keys");

        int row = rowOf("Okta");
        StatusBadge workspace = (StatusBadge) GridKt._getCellComponent(grid(), row, "owner");
        assertThat(workspace.getText()).isEqualTo("Workspace");
        assertThat(String.join(" ", GridKt._getFormattedRow(grid(), row)))
                .contains(scim.facts().prefix())
                .doesNotContain(scim.secret());
        assertThat(_find(
                        (Component) GridKt._getCellComponent(grid(), row, "NAME"), Span.class, s -> s.withText("SCIM")))
                .hasSize(1);
        assertThat(_get(Paragraph.class, s -> s.withClasses("keys-intro")).getText())
                .contains("service keys");
        choose(row, "Details");
        assertThat(_get(Dialog.class).getElement().getTextRecursively())
                .contains("The workspace (service key)")
                .contains("SCIM")
                .contains(owner.displayName());
    }

    @Test
    void an_owner_revokes_a_scim_key_after_a_confirmation_naming_what_stops_and_an_admin_only_sees_it() {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyCatalog.IssuedKey scim = spring().bean(KeyCatalog.class).createServiceKey("Entra", "scim");

        login(newMember(w, Role.ADMIN), w);
        navigate("keys");
        assertThat(actions(rowOf("Entra")).getItems())
                .extracting(i -> i.getText())
                .containsExactly("Details");

        login(owner, w);
        reopen();
        assertThat(actions(rowOf("Entra")).getItems())
                .extracting(i -> i.getText())
                .containsExactly("Details", "Rename", "Set expiry", "Roll", "Revoke");
        choose(rowOf("Entra"), "Revoke");
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getElement().getTextRecursively()).contains("Provisioning from your identity provider");
        _click(confirm.getConfirmButton());
        assertThat(verifier.authenticate(scim.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        NotificationsKt.expectNotifications("Key 'Entra' revoked");
    }

    @Test
    void an_owner_may_give_an_admin_key_to_the_workspace_an_admin_may_not_and_scim_is_not_offered() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        navigate("keys");
        _click(_get(Button.class, s -> s.withText("Create key")));
        Dialog create = _get(Dialog.class);
        @SuppressWarnings("unchecked")
        RadioButtonGroup<String> scope = _get(create, RadioButtonGroup.class, s -> s.withLabel("Scope"));
        RadioButtonGroup<String> owner = _get(CreateKeyDialog.class).owner;
        assertThat(scope.getListDataView().getItems()).containsExactly("inference", "admin");
        assertThat(owner.isVisible()).as("only for admin keys").isFalse();
        _setValue(scope, "admin");
        assertThat(owner.isVisible()).isTrue();
        assertThat(owner.getValue()).isEqualTo(KeyService.OWNER_ME);
        _setValue(owner, KeyService.OWNER_WORKSPACE);
        _setValue(_get(create, TextField.class, s -> s.withLabel("Name")), "deploy bot");
        _click(_get(create, Button.class, s -> s.withText("Create key")));

        String secret = _get(TextField.class, s -> s.withLabel("Your new key")).getValue();
        assertThat(secret).startsWith("vlm_admin_");
        _click(_get(Button.class, s -> s.withText("I've copied it")));
        assertThat(keys.get(GridKt._get(grid(), rowOf("deploy bot")).key().id()).isServiceKey())
                .isTrue();
        assertThat(((StatusBadge) GridKt._getCellComponent(grid(), rowOf("deploy bot"), "owner")).getText())
                .isEqualTo("Workspace");

        login(newMember(w, Role.ADMIN), w);
        reopen();
        _click(_get(Button.class, s -> s.withText("Create key")));
        CreateKeyDialog byAdmin = _get(CreateKeyDialog.class);
        _setValue(byAdmin.scope, "admin");
        assertThat(byAdmin.owner.isVisible()).isFalse();
    }

    /** A fresh page for whoever is signed in now (a page keeps what it read of its viewer). */
    private void reopen() {
        ModuleUi.tearDown();
        ModuleUi.setUp(spring());
        navigate("keys");
    }

    private static int rowOf(String name) {
        List<String> names = names();
        assertThat(names).contains(name);
        return names.indexOf(name);
    }

    private static RowActions actions(int row) {
        return (RowActions) GridKt._getCellComponent(grid(), row, "actions");
    }

    private static void choose(int row, String item) {
        ContextMenuKt._clickItemWithCaption(actions(row).getMenuBar(), item);
    }

    @SuppressWarnings("unchecked")
    private static Grid<KeyService.KeyRow> grid() {
        return _get(Grid.class, s -> s.withClasses("keys-grid"));
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        Grid<KeyService.KeyRow> g = grid();
        for (int i = 0; i < GridKt._size(g); i++) {
            out.add(GridKt._get(g, i).key().name());
        }
        return out;
    }
}
