package dev.vlmconsole.app.audit;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.fakeservlet.FakeResponse;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** The audit log pages' integrity check, JSON Lines export, support badge and the operators' install-wide page. */
class AuditIntegrityViewTest extends KaribuTest {

    @Autowired
    AuditLogService audit;

    @Autowired
    JsonMapper json;

    private Workspace workspaceWithEntries(int n, Actor actor) {
        Workspace w = newWorkspace();
        for (int i = 0; i < n; i++) {
            audit.record(new AuditEntry(w.id(), actor, "core.view.tested", AuditTarget.NONE, "entry " + i, ""));
        }
        return w;
    }

    @Test
    void verify_integrity_says_intact_with_the_number_of_entries_then_names_a_changed_one() {
        Workspace w = workspaceWithEntries(3, Actor.SYSTEM);
        login(newMember(w, Role.OWNER), w);
        navigate(AuditLogView.class);
        AuditLogView view = _get(AuditLogView.class);

        _click(_get(Button.class, s -> s.withText("Verify integrity")));
        assertThat(view.verifyResult.getText()).isEqualTo("Intact: 3 entries checked");

        long first = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(w.id()))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchSingle(AUDIT_LOG.ID);
        tx.executeWithoutResult(s -> db.update(AUDIT_LOG)
                .set(AUDIT_LOG.ACTION, "core.view.hidden")
                .where(AUDIT_LOG.ID.eq(first))
                .execute());
        _click(_get(Button.class, s -> s.withText("Verify integrity")));
        assertThat(view.verifyResult.getText())
                .isEqualTo("Entry #" + first + " was changed or an entry before it removed");
    }

    @Test
    void entries_of_support_staff_carry_a_support_badge() {
        TestUser operator = newOperator();
        Actor support =
                new Actor(Actor.Kind.USER, operator.id(), operator.email(), operator.displayName(), false).asOperator();
        Workspace w = workspaceWithEntries(1, support);
        audit.record(new AuditEntry(w.id(), Actor.SYSTEM, "core.view.plain", AuditTarget.NONE, "", ""));
        login(newMember(w, Role.OWNER), w);
        navigate(AuditLogView.class);

        Grid<AuditLogService.Entry> grid = grid();
        assertThat(GridKt._getCellComponent(grid, 1, "operator"))
                .isInstanceOfSatisfying(
                        StatusBadge.class, b -> assertThat(b.getText()).isEqualTo("Support"));
        assertThat(GridKt._getCellComponent(grid, 0, "operator")).isNotInstanceOf(StatusBadge.class);
        assertThat(GridKt._getFormattedRow(grid, 1)).contains(operator.displayName() + " <" + operator.email() + ">");
    }

    @Test
    void the_json_lines_export_holds_one_object_per_entry() throws Exception {
        Workspace w = workspaceWithEntries(2, Actor.SYSTEM);
        login(newMember(w, Role.OWNER), w);
        navigate(AuditLogView.class);

        List<String> lines = download(_get(AuditLogView.class).exportJsonLines);

        assertThat(lines).hasSize(2);
        var first = json.readTree(lines.getFirst());
        assertThat(first.get("action").asString()).isEqualTo("core.view.tested");
        assertThat(first.get("details").asString()).isEqualTo("entry 1");
        assertThat(first.get("operator").asBoolean()).isFalse();
    }

    @Test
    void operators_see_the_install_wide_log_verify_it_and_erase_a_person() {
        String action = "core.install." + unique();
        TestUser gone = newUser();
        audit.record(new AuditEntry(
                null,
                new Actor(Actor.Kind.USER, gone.id(), gone.email(), gone.displayName(), true),
                action,
                AuditTarget.NONE,
                "",
                ""));
        login(newOperator());
        navigate(InstallAuditLogView.PATH);
        InstallAuditLogView view = _get(InstallAuditLogView.class);
        _setValue(_get(TextField.class, s -> s.withLabel("Action")), action);

        assertThat(GridKt._getFormattedRow(grid(), 0)).contains(gone.displayName() + " <" + gone.email() + ">");
        assertThat(GridKt._getCellComponent(grid(), 0, "operator"))
                .isInstanceOfSatisfying(
                        StatusBadge.class, b -> assertThat(b.getText()).isEqualTo("Operator"));
        _click(_get(Button.class, s -> s.withText("Verify integrity")));
        assertThat(view.verifyResult.getText()).startsWith("Intact: ");

        _click(_get(Button.class, s -> s.withText("Erase a person")));
        _setValue(_get(EmailField.class, s -> s.withLabel("Email of the person")), gone.email());
        _click(_get(Button.class, s -> s.withText("Erase person")));
        assertThat(_get(TextArea.class, s -> s.withLabel("Reason")).isInvalid()).isTrue();
        _setValue(_get(TextArea.class, s -> s.withLabel("Reason")), "Request " + unique());
        _click(_get(Button.class, s -> s.withText("Erase person")));

        LocatorJ._assertNone(EmailField.class);
        assertThat(GridKt._getFormattedRow(grid(), 0).toString())
                .contains("Erased person ")
                .doesNotContain(gone.email());
    }

    @Test
    void people_who_are_not_operators_are_refused_the_install_wide_log() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        navigate(InstallAuditLogView.PATH);

        LocatorJ._assertOne(AccessDeniedView.class);
        LocatorJ._assertNone(Grid.class);
    }

    private static List<String> download(DownloadHandler handler) throws Exception {
        FakeResponse response = new FakeResponse();
        handler.handleDownloadRequest(new DownloadEvent(
                VaadinRequest.getCurrent(),
                new VaadinServletResponse(response, (VaadinServletService) VaadinService.getCurrent()),
                VaadinSession.getCurrent(),
                _get(AuditLogView.class).getElement()));
        return response.getBufferAsString().lines().toList();
    }

    @SuppressWarnings("unchecked")
    private static Grid<AuditLogService.Entry> grid() {
        return _get(Grid.class);
    }
}
