package dev.vlmconsole.webhooks;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
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
public class WebhooksView extends VerticalLayout {

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
        add.addClickListener(e -> new AddEndpointDialog(webhooks, this::endpointAdded).open());
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
        grid.addComponentColumn(WebhooksView::status).setHeader("Status").setKey("status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> DAY.format(e.createdAt().withOffsetSameInstant(ZoneOffset.UTC)))
                .setHeader("Added").setAutoWidth(true).setFlexGrow(0);
        if (webhooks.canManage()) {
            grid.addComponentColumn(this::actions).setHeader("Actions").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        }
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("No endpoints yet. Add one to be told when members leave or keys are revoked.");
    }

    private static Component status(WebhookEndpoint e) {
        Span s = new Span(e.enabled() ? "Enabled" : "Disabled");
        s.getElement().getThemeList().add(e.enabled() ? "badge success" : "badge contrast");
        return s;
    }

    private Component actions(WebhookEndpoint e) {
        Button toggle = new Button(e.enabled() ? "Disable" : "Enable", click -> run(() -> {
            webhooks.setEnabled(e.id(), !e.enabled());
            ok(e.enabled() ? "Endpoint disabled" : "Endpoint enabled");
        }));
        toggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button delete = new Button("Delete", click -> confirmDelete(e));
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        toggle.getElement().setAttribute("aria-label", toggle.getText() + " " + e.url());
        delete.getElement().setAttribute("aria-label", "Delete " + e.url());
        return new HorizontalLayout(toggle, delete);
    }

    void confirmDelete(WebhookEndpoint e) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete this endpoint?");
        confirm.setText(e.url() + " will no longer be notified. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(click -> run(() -> {
            webhooks.delete(e.id());
            ok("Endpoint deleted");
        }));
        confirm.open();
    }

    private void endpointAdded(WebhookEndpoint e) {
        refresh();
        ok("Endpoint added");
    }

    /** Runs a change and refreshes; an endpoint deleted meanwhile (another tab) is just reported. */
    private void run(Runnable change) {
        try {
            change.run();
        } catch (NoSuchElementException ex) {
            Notification.show(ex.getMessage(), 4000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    void refresh() {
        grid.setItems(webhooks.endpoints());
    }

    private static void ok(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
