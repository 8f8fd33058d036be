package dev.vlmconsole.app.audit;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.fakeservlet.FakeResponse;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadEvent;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.support.KaribuTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

class AuditLogViewTest extends KaribuTest {

    @Autowired
    AuditLogService audit;

    private static OffsetDateTime at(String date) {
        return LocalDate.parse(date).atTime(10, 0).atOffset(ZoneOffset.UTC);
    }

    /** A workspace with three entries (Jan, Feb, Mar 2024) and its Owner, signed in. */
    private Workspace signedInOwnerWithHistory() {
        Workspace w = newWorkspace();
        auditEntry(w, "Alice <alice@example.test>", "keys.key.created", at("2024-01-10"));
        auditEntry(w, "Bob <bob@example.test>", "team.member.invited", at("2024-02-15"));
        auditEntry(w, "Alice <alice@example.test>", "team.member.removed", at("2024-03-20"));
        login(newMember(w, Role.OWNER), w);
        navigate(AuditLogView.class);
        return w;
    }

    @Test
    void owner_sees_the_entries_of_their_workspace_newest_first() {
        signedInOwnerWithHistory();

        assertThat(actions()).containsExactly("team.member.removed", "team.member.invited", "keys.key.created");
        assertThat(GridKt._getFormattedRow(grid(), 0))
                .containsSequence("2024-03-20 10:00:00 UTC", "Alice <alice@example.test>", "team.member.removed");
    }

    @Test
    void entries_of_another_workspace_never_appear() {
        Workspace mine = newWorkspace();
        Workspace other = newWorkspace();
        auditEntry(mine, "Alice", "keys.key.created", at("2024-01-10"));
        auditEntry(other, "Mallory", "keys.key.revoked", at("2024-01-11"));
        TestUser owner = newMember(mine, Role.OWNER);
        addMember(other, owner, Role.OWNER); // even an Owner of both sees one workspace at a time
        login(owner, mine);

        navigate(AuditLogView.class);

        assertThat(actions()).containsExactly("keys.key.created");
    }

    @Test
    void actor_filter_narrows_the_grid() {
        signedInOwnerWithHistory();

        _setValue(_get(TextField.class, s -> s.withLabel("Actor")), "ALICE");

        assertThat(actions()).containsExactly("team.member.removed", "keys.key.created");
    }

    @Test
    void action_filter_narrows_the_grid() {
        signedInOwnerWithHistory();

        _setValue(_get(TextField.class, s -> s.withLabel("Action")), "team.");

        assertThat(actions()).containsExactly("team.member.removed", "team.member.invited");
    }

    @Test
    void date_filters_include_both_days() {
        signedInOwnerWithHistory();

        _setValue(_get(DatePicker.class, s -> s.withLabel("From")), LocalDate.parse("2024-02-15"));
        assertThat(actions()).containsExactly("team.member.removed", "team.member.invited");

        _setValue(_get(DatePicker.class, s -> s.withLabel("To")), LocalDate.parse("2024-02-15"));
        assertThat(actions()).containsExactly("team.member.invited");
    }

    @Test
    void filters_combine() {
        signedInOwnerWithHistory();

        _setValue(_get(TextField.class, s -> s.withLabel("Actor")), "alice");
        _setValue(_get(TextField.class, s -> s.withLabel("Action")), "team.");

        assertThat(actions()).containsExactly("team.member.removed");
    }

    @Test
    void no_match_shows_the_empty_state_text() {
        signedInOwnerWithHistory();

        _setValue(_get(TextField.class, s -> s.withLabel("Action")), "nothing.like.this");

        assertThat(GridKt._size(grid())).isZero();
        assertThat(grid().getEmptyStateText()).isEqualTo("No audit entries match these filters.");
    }

    @Test
    void export_streams_the_filtered_entries_as_csv_to_the_download_response() throws Exception {
        signedInOwnerWithHistory();
        _setValue(_get(TextField.class, s -> s.withLabel("Action")), "team.");
        AuditLogView view = _get(AuditLogView.class);
        FakeResponse response = new FakeResponse();

        view.exportCsv.handleDownloadRequest(new DownloadEvent(
                VaadinRequest.getCurrent(),
                new VaadinServletResponse(response, (VaadinServletService) VaadinService.getCurrent()),
                VaadinSession.getCurrent(),
                view.getElement()));

        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition"))
                .contains("audit-log-")
                .contains(".csv");
        assertThat(response.getBufferAsString().lines().toList())
                .hasSize(3)
                .first()
                .isEqualTo("time,actor,action,target,details,source_address,target_type,target_id,operator");
        assertThat(response.getBufferAsString())
                .contains("team.member.removed", "team.member.invited")
                .doesNotContain("keys.key.created");
    }

    /**
     * A workspace whose entries are about an API key, a member, the workspace and a webhook
     * endpoint (a type no module on the class path names), and its Owner, signed in.
     */
    private UUID signedInOwnerWithTypedTargets() {
        Workspace w = newWorkspace();
        UUID key = UUID.randomUUID();
        record(w, "keys.key.created", AuditTarget.apiKey(key, "ci-deploy (vlm_ab12)"));
        record(w, "core.profile.renamed", AuditTarget.user(UUID.randomUUID(), "Bob <bob@example.test>"));
        record(w, "core.workspace.created", AuditTarget.workspace(w.id(), "Acme"));
        record(
                w,
                "webhooks.endpoint.created",
                AuditTarget.of("webhooks.endpoint", UUID.randomUUID(), "Slack (hooks.example)"));
        record(w, "keys.key.revoked", AuditTarget.apiKey(key, "ci-deploy (vlm_ab12)"));
        record(newWorkspace(), "billing.invoice.paid", AuditTarget.of("billing.invoice", "in_1"));
        login(newMember(w, Role.OWNER), w);
        navigate(AuditLogView.class);
        return key;
    }

    private void record(Workspace w, String action, AuditTarget target) {
        audit.record(new AuditEntry(w.id(), Actor.SYSTEM, action, target, "", ""));
    }

    @Test
    void the_target_type_filter_offers_this_workspaces_types_by_readable_name() {
        signedInOwnerWithTypedTargets();
        Select<String> type = targetType();

        assertThat(type.getListDataView()
                        .getItems()
                        .map(t -> type.getItemLabelGenerator().apply(t))
                        .toList())
                .as("names the modules give; a type nobody names as itself")
                .containsExactly("API key", "Member", "webhooks.endpoint", "Workspace");
        assertThat(type.getValue()).isNull();
        assertThat(actions()).hasSize(5);
    }

    @Test
    void the_target_type_filter_narrows_the_grid_which_shows_type_and_label() {
        UUID key = signedInOwnerWithTypedTargets();

        _setValue(targetType(), "api_key");

        assertThat(actions()).containsExactly("keys.key.revoked", "keys.key.created");
        assertThat(GridKt._getFormattedRow(grid(), 0))
                .containsSequence("keys.key.revoked", "API key", "ci-deploy (vlm_ab12)");
        assertThat(GridKt._getFormattedRow(grid(), 0)).doesNotContain(key.toString());

        _setValue(targetType(), "webhooks.endpoint");
        assertThat(GridKt._getFormattedRow(grid(), 0))
                .containsSequence("webhooks.endpoint.created", "webhooks.endpoint", "Slack (hooks.example)");

        _setValue(targetType(), null);
        assertThat(actions()).hasSize(5);
    }

    @Test
    void a_type_and_an_action_that_match_nothing_together_show_the_empty_state() {
        signedInOwnerWithTypedTargets();

        _setValue(targetType(), "workspace");
        _setValue(_get(TextField.class, s -> s.withLabel("Action")), "keys.");

        assertThat(GridKt._size(grid())).isZero();
        assertThat(grid().getEmptyStateText()).isEqualTo("No audit entries match these filters.");
    }

    @Test
    void the_export_follows_the_type_filter_and_holds_target_type_and_id() throws Exception {
        UUID key = signedInOwnerWithTypedTargets();
        _setValue(targetType(), "api_key");
        AuditLogView view = _get(AuditLogView.class);
        FakeResponse response = new FakeResponse();

        view.exportCsv.handleDownloadRequest(new DownloadEvent(
                VaadinRequest.getCurrent(),
                new VaadinServletResponse(response, (VaadinServletService) VaadinService.getCurrent()),
                VaadinSession.getCurrent(),
                view.getElement()));

        List<String> lines = response.getBufferAsString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(1, 3))
                .allSatisfy(line -> assertThat(line)
                        .contains("\"ci-deploy (vlm_ab12)\"")
                        .endsWith("\"api_key\",\"" + key + "\",\"false\""));
    }

    @Test
    void admin_may_read_the_audit_log() {
        Workspace w = newWorkspace();
        auditEntry(w, "Alice", "keys.key.created", at("2024-01-10"));
        login(newMember(w, Role.ADMIN), w);

        navigate(AuditLogView.class);

        assertThat(actions()).containsExactly("keys.key.created");
    }

    @ParameterizedTest
    @EnumSource(
            value = Role.class,
            names = {"MEMBER", "BILLING", "VIEWER"})
    void other_roles_are_refused_the_audit_log(Role role) {
        Workspace w = newWorkspace();
        auditEntry(w, "Alice", "keys.key.created", at("2024-01-10"));
        login(newMember(w, role), w);

        navigate("audit");

        LocatorJ._assertOne(AccessDeniedView.class);
        LocatorJ._assertOne(H2.class, s -> s.withText("You don't have access to this page"));
        LocatorJ._assertNone(Grid.class);
    }

    @Test
    void a_person_without_workspace_is_refused_the_audit_log() {
        login(newOperator());

        navigate("audit");

        LocatorJ._assertOne(AccessDeniedView.class);
        LocatorJ._assertNone(Grid.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<AuditLogService.Entry> grid() {
        return _get(Grid.class);
    }

    @SuppressWarnings("unchecked")
    private static Select<String> targetType() {
        return _get(Select.class, s -> s.withLabel("Target type"));
    }

    private static List<String> actions() {
        return GridKt._findAll(grid()).stream()
                .map(AuditLogService.Entry::action)
                .toList();
    }
}
