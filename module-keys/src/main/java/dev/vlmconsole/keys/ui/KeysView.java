package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysModule;
import jakarta.annotation.security.PermitAll;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Keys page: the workspace's keys in a lazy, sortable, filterable grid, and everything one
 * can do to a key. What a person sees and may do follows their role; the service checks it again.
 */
@PageTitle("API keys")
@PermitAll
@StyleSheet(KeysView.STYLESHEET)
public class KeysView extends VerticalLayout {

    /** This module's stylesheet, in its jar's {@code META-INF/resources}; classes start with "keys-" (DD013). */
    static final String STYLESHEET = "context://styles/keys.css";

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final KeyService keys;
    private final ConsoleContext context;
    private final Map<UUID, String> owners = new HashMap<>();
    /** What the viewer may change, asked once per visit rather than once per row (the service asks again). */
    private final boolean manageAll;

    private final boolean manageOwn;
    /** Whether the viewer may create, change and revoke the workspace's service keys (Owners, DD037). */
    private final boolean manageService;

    private final UUID viewer;
    final TextField search = new TextField();
    final Select<ApiKey.Status> status = new Select<>();
    final ComboBox<String> project = new ComboBox<>();
    final ComboBox<MemberDirectory.Member> owner = new ComboBox<>();
    final Grid<KeyService.KeyRow> grid = new Grid<>();
    final Button create = new Button("Create key", VaadinIcon.PLUS.create());

    public KeysView(KeyService keys, ConsoleContext context, MemberDirectory members) {
        this.keys = keys;
        this.context = context;
        setSizeFull();
        addClassName("keys-view");
        manageAll = context.can(KeysModule.MANAGE_ALL);
        manageOwn = context.can(KeysModule.MANAGE_OWN);
        manageService = keys.mayManageServiceKeys();
        viewer = context.actor().id();
        List<MemberDirectory.Member> people = members.members(context.workspaceId());
        people.forEach(m -> owners.put(m.userId(), m.displayName()));

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(manageOwn);
        create.addClickListener(e -> openCreateDialog());
        HorizontalLayout header = new HorizontalLayout(new H1("API keys"), create);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        Paragraph intro = new Paragraph("Keys authenticate calls to the API. Treat them like passwords: "
                + (context.can(KeysModule.READ_ALL)
                        ? "this list shows every key of the workspace. Keys owned by the Workspace are service "
                                + "keys: they keep working when people leave, and only Owners manage them."
                        : "this list shows your keys."));
        intro.addClassName("keys-intro");
        add(header, intro, filters(people), grid);
        configureGrid();
    }

    private Component filters(List<MemberDirectory.Member> people) {
        search.setPlaceholder("Search name, prefix, project");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search keys");
        status.setLabel("Status");
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any status");
        status.setItems(ApiKey.Status.values());
        status.setItemLabelGenerator(s -> s == null ? "Any status" : s.label());
        project.setLabel("Project");
        project.setItems(keys.projects());
        project.setClearButtonVisible(true);
        project.setPlaceholder("Any project");
        owner.setLabel("Owner");
        owner.setItems(people);
        owner.setItemLabelGenerator(m -> m.displayName() + " (" + m.email() + ")");
        owner.setClearButtonVisible(true);
        owner.setPlaceholder("Anyone");
        owner.setVisible(context.can(KeysModule.READ_ALL));
        search.addValueChangeListener(e -> refresh());
        status.addValueChangeListener(e -> refresh());
        project.addValueChangeListener(e -> refresh());
        owner.addValueChangeListener(e -> refresh());
        FlexLayout bar = new FlexLayout(search, status, project, owner);
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.addClassName("keys-filters");
        return bar;
    }

    private void configureGrid() {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.US);
        grid.addComponentColumn(r -> nameCell(r.key()))
                .setHeader("Name")
                .setKey("NAME")
                .setSortable(true)
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(r -> r.key().displayPrefix() + "…")
                .setHeader("Key")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setPartNameGenerator(r -> "keys-mono");
        grid.addComponentColumn(r -> ownerCell(r.key()))
                .setHeader("Owner")
                .setKey("owner")
                .setAutoWidth(true);
        grid.addColumn(r -> DAY.format(r.key().createdAt()))
                .setHeader("Created")
                .setKey("CREATED")
                .setSortable(true)
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> r.key().expiresAt() == null
                        ? "Never"
                        : DAY.format(r.key().expiresAt()))
                .setHeader("Expires")
                .setKey("EXPIRES")
                .setSortable(true)
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> r.key().lastUsedAt() == null
                        ? "Never"
                        : DAY.format(r.key().lastUsedAt()))
                .setHeader("Last used")
                .setKey("LAST_USED")
                .setSortable(true)
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> n.format(r.requests30d()))
                .setHeader("Requests 30 d")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setPartNameGenerator(r -> "number");
        grid.addColumn(r -> r.credits30d().stripTrailingZeros().toPlainString())
                .setHeader("Credits 30 d")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(r -> statusBadge(r.key()))
                .setHeader("Status")
                .setKey("status")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addComponentColumn(r -> actions(r.key()))
                .setHeader("")
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0)
                .setFrozenToEnd(true);
        grid.addClassName("keys-grid");
        grid.setMultiSort(false);
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("CREATED"), SortDirection.DESCENDING)));
        grid.setSizeFull();
        refresh();
    }

    void refresh() {
        KeyRepository.Filter filter = new KeyRepository.Filter(
                status.getValue(),
                project.getValue(),
                owner.getValue() == null ? null : owner.getValue().userId(),
                search.getValue());
        grid.setItems(
                q -> {
                    KeyRepository.SortBy sort = KeyRepository.SortBy.CREATED;
                    boolean asc = false;
                    if (!q.getSortOrders().isEmpty()) {
                        var order = q.getSortOrders().getFirst();
                        sort = KeyRepository.SortBy.valueOf(order.getSorted());
                        asc = order.getDirection() == SortDirection.ASCENDING;
                    }
                    return keys.list(filter, sort, asc, q.getOffset(), q.getLimit()).stream();
                },
                q -> keys.count(filter));
        grid.setEmptyStateComponent(filtered() ? noMatch() : noKeysYet());
    }

    /** Whether a filter narrows the list, so that an empty grid means "none match" rather than "none yet". */
    private boolean filtered() {
        return status.getValue() != null
                || project.getValue() != null
                || owner.getValue() != null
                || !search.getValue().isBlank();
    }

    private EmptyState noKeysYet() {
        EmptyState empty = new EmptyState(
                VaadinIcon.KEY.create(),
                "No API keys yet",
                "Keys let your services, the SDKs and the CLI call the API. "
                        + "The secret is shown once, when you create it.");
        if (manageOwn) {
            empty.withAction("Create your first key", this::openCreateDialog);
        }
        return empty;
    }

    private EmptyState noMatch() {
        return new EmptyState(
                        VaadinIcon.SEARCH.create(), "No keys match", "Nothing matches this search and these filters.")
                .withAction("Clear filters", this::clearFilters);
    }

    private void clearFilters() {
        search.clear();
        status.clear();
        project.clear();
        owner.clear();
    }

    private void openCreateDialog() {
        new CreateKeyDialog(keys, context.can(KeysModule.ADMIN_SCOPE), manageService, keys.projects(), this::showSecret)
                .open();
    }

    /** A member's name, or a badge for a service key: the workspace owns it (DD037). */
    private Component ownerCell(ApiKey key) {
        if (key.isServiceKey()) {
            StatusBadge workspace = new StatusBadge("Workspace", StatusBadge.Tone.CONTRAST);
            workspace
                    .getElement()
                    .setAttribute(
                            "title", "A service key: the workspace owns it, so it keeps working when people leave.");
            return workspace;
        }
        return new Span(ownerName(key));
    }

    private String ownerName(ApiKey key) {
        return key.isServiceKey()
                ? "The workspace (service key)"
                : owners.getOrDefault(key.ownerUserId(), "Former member");
    }

    private Component nameCell(ApiKey key) {
        Span name = new Span(key.name());
        name.addClassName("keys-name");
        HorizontalLayout cell = new HorizontalLayout(name);
        cell.setSpacing(false);
        cell.addClassName("keys-name-cell");
        cell.setAlignItems(FlexComponent.Alignment.CENTER);
        if (key.project() != null) {
            Span project = new Span(key.project());
            project.addClassNames("keys-chip", "keys-project");
            cell.add(project);
        }
        if ("admin".equals(key.scope())) {
            Span admin = new Span("admin");
            admin.addClassNames("keys-chip", "keys-chip-admin");
            cell.add(admin);
        }
        if ("scim".equals(key.scope())) {
            Span scim = new Span("SCIM");
            scim.addClassNames("keys-chip", "keys-chip-scim");
            scim.getElement().setAttribute("title", "Your identity provider's provisioning key: it calls SCIM only.");
            cell.add(scim);
        }
        return cell;
    }

    private static Component statusBadge(ApiKey key) {
        ApiKey.Status s = key.status(Instant.now());
        return new StatusBadge(
                s.label(),
                switch (s) {
                    case ACTIVE -> StatusBadge.Tone.SUCCESS;
                    case EXPIRING -> StatusBadge.Tone.WARNING;
                    case REVOKED, EXPIRED -> StatusBadge.Tone.ERROR;
                });
    }

    private Component actions(ApiKey key) {
        RowActions actions = new RowActions(key.name());
        actions.add("Details", () -> new KeyDetailDialog(keys, key, ownerName(key)).open());
        boolean mayChange = key.isServiceKey()
                ? manageService
                : manageAll || (manageOwn && key.ownerUserId().equals(viewer));
        if (mayChange && key.revokedAt() == null) {
            actions.add(
                    "Rename", () -> KeyDialogs.rename(keys, key, this::changed).open());
            actions.add(
                    "Set expiry",
                    () -> KeyDialogs.expiry(keys, key, this::changed).open());
            actions.add(
                    "Roll",
                    () -> KeyDialogs.roll(keys, key, rolled -> {
                                grid.getDataProvider().refreshAll();
                                new SecretDialog("Key rolled: here is its new secret", rolled.secret(), baseUrl())
                                        .open();
                            })
                            .open());
            actions.addDestructive(
                    "Revoke", () -> KeyDialogs.revoke(keys, key, this::changed).open());
        }
        return actions;
    }

    private void changed() {
        grid.getDataProvider().refreshAll();
    }

    private void showSecret(KeyService.KeyWithSecret created) {
        project.setItems(keys.projects());
        grid.getDataProvider().refreshAll();
        new SecretDialog("Key created", created.secret(), baseUrl()).open();
    }

    /** The address people reach the console at, for the curl example. */
    static String baseUrl() {
        if (VaadinRequest.getCurrent() instanceof VaadinServletRequest r) {
            var req = r.getHttpServletRequest();
            String port = (req.getScheme().equals("http") && req.getServerPort() == 80)
                            || (req.getScheme().equals("https") && req.getServerPort() == 443)
                    ? ""
                    : ":" + req.getServerPort();
            return req.getScheme() + "://" + req.getServerName() + port + req.getContextPath();
        }
        return "http://localhost:8080";
    }
}
