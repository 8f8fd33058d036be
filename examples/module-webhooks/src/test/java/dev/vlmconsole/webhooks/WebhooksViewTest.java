package dev.vlmconsole.webhooks;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.contextmenu.MenuItem;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Webhooks page with Karibu, over the real service and the fake console of {@link TestConsole}. */
class WebhooksViewTest {

    private final TestConsole console = new TestConsole();

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private WebhooksView open() {
        WebhooksView view = new WebhooksView(console.webhooks);
        UI.getCurrent().add(view);
        return view;
    }

    private UUID existing(String url) {
        return console.webhooks
                .add(url, "", Set.of(WebhookEvent.KEYS_KEY_REVOKED))
                .id();
    }

    private static RowActions actions(WebhooksView view, int row) {
        return (RowActions) GridKt._getCellComponent(view.grid, row, "actions");
    }

    private static void choose(WebhooksView view, int row, String item) {
        ContextMenuKt._clickItemWithCaption(actions(view, row).getMenuBar(), item);
    }

    @Test
    void an_owner_adds_an_endpoint_and_sees_a_refused_url_explained_at_the_field() {
        WebhooksView view = open();
        assertThat(GridKt._size(view.grid)).isZero();
        assertThat(((EmptyState) view.grid.getEmptyStateComponent()).getHeading())
                .isEqualTo("No endpoints yet");

        _click(view.add);
        AddEndpointDialog dialog = _get(AddEndpointDialog.class);
        _setValue(dialog.url, "http://hooks.example.com/console");
        _setValue(dialog.events, Set.of(WebhookEvent.KEYS_KEY_REVOKED));
        _click(dialog.save);
        assertThat(dialog.url.isInvalid()).isTrue();
        assertThat(dialog.url.getErrorMessage())
                .isEqualTo("Use an https:// URL: notifications are only sent encrypted.");

        _setValue(dialog.url, "https://hooks.example.com/console");
        _setValue(dialog.description, "Slack alerts");
        _click(dialog.save);

        _assertNone(AddEndpointDialog.class);
        NotificationsKt.expectNotifications("Endpoint added");
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(GridKt._getFormattedRow(view.grid, 0))
                .contains("https://hooks.example.com/console", "Slack alerts", "keys.key_revoked");
    }

    @Test
    void choosing_no_event_is_explained_at_the_event_list() {
        open();
        _click(_get(Button.class, spec -> spec.withText("Add endpoint")));
        AddEndpointDialog dialog = _get(AddEndpointDialog.class);
        _setValue(dialog.url, "https://hooks.example.com/console");
        _click(dialog.save);

        assertThat(dialog.events.isInvalid()).isTrue();
        assertThat(dialog.events.getErrorMessage()).isEqualTo("Choose at least one event.");
        assertThat(console.webhooks.endpoints()).isEmpty();
    }

    @Test
    void every_refused_input_is_explained_at_its_field_at_once_and_cleared_when_fixed() {
        open();
        _click(_get(Button.class, spec -> spec.withText("Add endpoint")));
        AddEndpointDialog dialog = _get(AddEndpointDialog.class);
        _setValue(dialog.url, "ftp://hooks.example.com");
        _click(dialog.save);

        assertThat(dialog.url.isInvalid()).isTrue();
        assertThat(dialog.events.isInvalid()).isTrue();
        assertThat(dialog.description.isInvalid()).isFalse();

        _setValue(dialog.url, "https://hooks.example.com");
        _click(dialog.save);
        assertThat(dialog.url.isInvalid()).as("the URL is fine now").isFalse();
        assertThat(dialog.events.isInvalid()).isTrue();
        assertThat(dialog.formError.isVisible()).isFalse();
    }

    @Test
    void a_full_workspace_is_explained_below_the_form_not_at_a_field() {
        for (int i = 0; i < WebhookRules.MAX_ENDPOINTS; i++) {
            existing("https://example.com/" + i);
        }
        open();
        _click(_get(Button.class, spec -> spec.withText("Add endpoint")));
        AddEndpointDialog dialog = _get(AddEndpointDialog.class);
        _setValue(dialog.url, "https://hooks.example.com/new");
        _setValue(dialog.events, Set.of(WebhookEvent.KEYS_KEY_REVOKED));
        _click(dialog.save);

        assertThat(dialog.formError.isVisible()).isTrue();
        assertThat(dialog.formError.getText()).isEqualTo("A workspace has at most 20 endpoints. Delete one first.");
        assertThat(dialog.url.isInvalid()).isFalse();
    }

    @Test
    void disabling_and_enabling_an_endpoint_shows_its_status() {
        existing("https://example.com/a");
        WebhooksView view = open();

        StatusBadge enabled = (StatusBadge) GridKt._getCellComponent(view.grid, 0, "status");
        assertThat(enabled.getText()).isEqualTo("Enabled");
        assertThat(enabled.getTone()).isEqualTo(StatusBadge.Tone.SUCCESS);
        choose(view, 0, "Disable");

        assertThat(console.webhooks.endpoints().getFirst().enabled()).isFalse();
        StatusBadge disabled = (StatusBadge) GridKt._getCellComponent(view.grid, 0, "status");
        assertThat(disabled.getText()).isEqualTo("Disabled");
        assertThat(disabled.getTone()).isEqualTo(StatusBadge.Tone.CONTRAST);
        NotificationsKt.expectNotifications("Endpoint disabled");
        choose(view, 0, "Enable");
        assertThat(console.webhooks.endpoints().getFirst().enabled()).isTrue();
    }

    @Test
    void deleting_asks_first_and_cancelling_keeps_the_endpoint() {
        existing("https://example.com/a");
        WebhooksView view = open();

        assertThat(actions(view, 0).getItems()).extracting(MenuItem::getText).containsExactly("Disable", "Delete");
        assertThat(actions(view, 0).getItems().getLast().getElement().getClassList())
                .contains(RowActions.DESTRUCTIVE);
        choose(view, 0, "Delete");
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getHeaderTitle()).contains("https://example.com/a");
        _click(confirm.getCancelButton());
        assertThat(GridKt._size(view.grid)).isEqualTo(1);

        choose(view, 0, "Delete");
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());
        assertThat(GridKt._size(view.grid)).isZero();
        assertThat(console.audit.actions()).contains("webhooks.endpoint.deleted");
        NotificationsKt.expectNotifications("Endpoint deleted");
    }

    @Test
    void a_viewer_sees_the_endpoints_but_nothing_to_change_them_with() {
        existing("https://example.com/a");
        console.actAs(Role.VIEWER);
        WebhooksView view = open();

        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(view.add.isVisible()).isFalse();
        assertThat(view.grid.getColumnByKey("actions")).isNull();
    }
}
