package dev.vlmconsole.webhooks;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The Webhooks page: the workspace's endpoints; Owners and Admins add, disable, enable and delete
 * them. No {@code @Route}: the console registers it at the path of the module's navigation entry.
 */
@PermitAll
@StyleSheet(WebhooksView.STYLESHEET)
public class WebhooksView extends VerticalLayout {

    /** This module's stylesheet, in its own jar's {@code META-INF/resources}; its classes start with "webhooks-". */
    static final String STYLESHEET = "context://styles/webhooks.css";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final WebhookService webhooks;
    final Grid<WebhookEndpoint> grid = new Grid<>();
    final Button add = new Button("Add endpoint", VaadinIcon.PLUS.create());

    public WebhooksView(WebhookService webhooks) {
        this.webhooks = webhooks;
        setSizeFull();
        Paragraph intro = new Paragraph("The console posts a JSON notification to these HTTPS endpoints "
                + "when the events they subscribe to happen in this workspace.");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> openAddDialog());
        add.setVisible(webhooks.canManage());
        configureGrid();
        add(new H1("Webhooks"), intro, add, grid);
        refresh();
    }

    private void configureGrid() {
        grid.addColumn(WebhookEndpoint::url).setHeader("URL").setKey("url").setFlexGrow(2);
        grid.addColumn(WebhookEndpoint::description).setHeader("Description");
        grid.addColumn(e -> e.events().stream().map(WebhookEvent::key).sorted().collect(Collectors.joining(", ")))
                .setHeader("Events");
        grid.addComponentColumn(WebhooksView::status)
                .setHeader("Status")
                .setKey("status")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addColumn(e -> DAY.format(e.createdAt().withOffsetSameInstant(ZoneOffset.UTC)))
                .setHeader("Added")
                .setAutoWidth(true)
                .setFlexGrow(0);
        if (webhooks.canManage()) {
            grid.addComponentColumn(this::actions)
                    .setHeader("")
                    .setKey("actions")
                    .setWidth(RowActions.COLUMN_WIDTH)
                    .setFlexGrow(0)
                    .setFrozenToEnd(true);
        }
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        EmptyState empty = new EmptyState(
                VaadinIcon.CONNECT.create(),
                "No endpoints yet",
                "Add an HTTPS endpoint to be told when members leave or keys are revoked.");
        if (webhooks.canManage()) {
            empty.withAction("Add your first endpoint", this::openAddDialog);
        }
        grid.setEmptyStateComponent(empty);
    }

    private static Component status(WebhookEndpoint e) {
        return e.enabled()
                ? new StatusBadge("Enabled", StatusBadge.Tone.SUCCESS)
                : new StatusBadge("Disabled", StatusBadge.Tone.CONTRAST);
    }

    private Component actions(WebhookEndpoint e) {
        RowActions actions = new RowActions(e.url());
        actions.add(
                e.enabled() ? "Disable" : "Enable",
                () -> run(() -> {
                    webhooks.setEnabled(e.id(), !e.enabled());
                    Notifications.success(e.enabled() ? "Endpoint disabled" : "Endpoint enabled");
                }));
        actions.addDestructive("Delete", () -> confirmDelete(e));
        return actions;
    }

    void confirmDelete(WebhookEndpoint e) {
        new DestructiveConfirmDialog(
                        "Delete endpoint " + e.url() + "?",
                        e.url() + " will no longer be notified. This cannot be undone.",
                        "Delete endpoint",
                        () -> run(() -> {
                            webhooks.delete(e.id());
                            Notifications.success("Endpoint deleted");
                        }))
                .open();
    }

    private void openAddDialog() {
        new AddEndpointDialog(webhooks, this::endpointAdded).open();
    }

    private void endpointAdded(WebhookEndpoint e) {
        refresh();
        Notifications.success("Endpoint added");
    }

    /** Runs a change and refreshes; an endpoint deleted meanwhile (another tab) is just reported. */
    private void run(Runnable change) {
        try {
            change.run();
        } catch (NoSuchElementException ex) {
            Notifications.error(ex.getMessage());
        }
        refresh();
    }

    void refresh() {
        grid.setItems(webhooks.endpoints());
    }
}
