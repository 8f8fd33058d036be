package dev.vlmconsole.app.audit;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.modules.CoreModule;
import jakarta.annotation.security.PermitAll;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;

/**
 * The workspace's audit log for Owners and Admins: filter (by actor, action, target type and
 * days), browse, export as CSV or JSON Lines, verify the hash chain (DD026). Entries of platform
 * support staff carry a "Support" badge. Declared in {@link CoreModule#navigation()}: the console routes it
 * and refuses it to roles without {@code core.audit.read} as it does every module page;
 * {@link AuditLogService} checks the permission again on every read.
 */
@PageTitle("Audit log")
@PermitAll
public class AuditLogView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final AuditLogService audit;
    private final AuditTargetTypes types;
    private final AuditLogService.Scope scope;
    private final String operatorBadge;
    final TextField actor = new TextField("Actor");
    final TextField action = new TextField("Action");
    final Select<String> targetType = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Grid<AuditLogService.Entry> grid = new Grid<>();
    /** The filters as last applied; the download runs outside the session lock, so it reads only this. */
    private volatile AuditLogService.Filter applied = AuditLogService.Filter.ALL;
    /** Streams the CSV to the browser while reading it, page by page. */
    final DownloadHandler exportCsv = this::writeCsv;
    /** Streams the JSON Lines to the browser while reading them, page by page. */
    final DownloadHandler exportJsonLines = this::writeJsonLines;

    final Button verify = new Button("Verify integrity", VaadinIcon.CHECK_CIRCLE_O.create());
    /** The last check's result in plain words. */
    final Span verifyResult = new Span();

    public AuditLogView(AuditLogService audit, AuditTargetTypes types) {
        this(audit, types, AuditLogService.Scope.WORKSPACE, "Audit log", "Support");
    }

    /**
     * @param scope         which log
     * @param title         the page's heading
     * @param operatorBadge the badge of entries of platform support staff
     */
    protected AuditLogView(
            AuditLogService audit,
            AuditTargetTypes types,
            AuditLogService.Scope scope,
            String title,
            String operatorBadge) {
        this.audit = audit;
        this.types = types;
        this.scope = scope;
        this.operatorBadge = operatorBadge;
        setSizeFull();
        verify.addClickListener(e -> verify());
        verifyResult.addClassName("verify-result");
        HorizontalLayout integrity = new HorizontalLayout(verify, verifyResult);
        integrity.setAlignItems(FlexComponent.Alignment.CENTER);
        add(new H1(title), filters(), integrity, grid);
        configureGrid();
    }

    private void verify() {
        AuditVerifier.Verification v = audit.verify(scope);
        verifyResult.setText(v.summary());
        verifyResult.setClassName("verify-intact", v.intact());
        verifyResult.setClassName("verify-broken", !v.intact());
        verifyResult
                .getStyle()
                .set("color", v.intact() ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
    }

    /** Only once the console's guard let the person in: reading the types needs the permission. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        targetType.setItems(audit.targetTypes(scope).stream()
                .sorted(Comparator.comparing(types::nameOf, String.CASE_INSENSITIVE_ORDER))
                .toList());
    }

    private FlexLayout filters() {
        actor.setPlaceholder("Name or email");
        action.setPlaceholder("e.g. keys.");
        for (TextField f : new TextField[] {actor, action}) {
            f.setClearButtonVisible(true);
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> refresh());
        }
        targetType.setLabel("Target type");
        targetType.setEmptySelectionAllowed(true);
        targetType.setEmptySelectionCaption("Any type");
        targetType.setItemLabelGenerator(t -> t == null ? "Any type" : types.nameOf(t));
        targetType.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        Anchor export = new Anchor(exportCsv, "");
        export.add(new Button("Export CSV", VaadinIcon.DOWNLOAD.create()));
        export.getElement().setAttribute("download", true);
        export.addClassName("export");
        Anchor exportLines = new Anchor(exportJsonLines, "");
        exportLines.add(new Button("Export JSON Lines", VaadinIcon.DOWNLOAD.create()));
        exportLines.getElement().setAttribute("download", true);
        exportLines.addClassName("export-jsonl");
        FlexLayout bar = new FlexLayout(actor, action, targetType, from, to, export, exportLines);
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.addClassName("filter-bar");
        return bar;
    }

    private void writeCsv(DownloadEvent event) {
        event.setFileName(fileName() + ".csv");
        event.setContentType("text/csv; charset=UTF-8");
        Writer csv = new BufferedWriter(new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8));
        audit.exportCsv(scope, applied, csv);
    }

    private void writeJsonLines(DownloadEvent event) {
        event.setFileName(fileName() + ".jsonl");
        event.setContentType("application/jsonl; charset=UTF-8");
        Writer lines = new BufferedWriter(new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8));
        audit.exportJsonLines(scope, applied, lines);
    }

    private String fileName() {
        return (scope == AuditLogService.Scope.INSTALL ? "audit-log-install-" : "audit-log-")
                + LocalDate.now(ZoneOffset.UTC);
    }

    private void configureGrid() {
        grid.addColumn(e -> TIME.format(e.occurredAt().withOffsetSameInstant(ZoneOffset.UTC)))
                .setHeader("Time")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(AuditLogService.Entry::actor).setHeader("Actor").setAutoWidth(true);
        grid.addColumn(AuditLogService.Entry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(e -> types.nameOf(e.target()))
                .setHeader("Type")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> e.target().label()).setHeader("Target");
        grid.addColumn(AuditLogService.Entry::details).setHeader("Details");
        grid.addColumn(AuditLogService.Entry::sourceAddress)
                .setHeader("From")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // support staff's entries: last, so that the earlier columns keep their places
        grid.addComponentColumn(
                        e -> e.operator() ? new StatusBadge(operatorBadge, StatusBadge.Tone.CONTRAST) : new Span())
                .setHeader("")
                .setKey("operator")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText("No audit entries match these filters.");
        grid.setSizeFull();
        refresh();
    }

    private void refresh() {
        AuditLogService.Filter f = filter();
        applied = f;
        grid.setItems(q -> audit.find(scope, f, q.getOffset(), q.getLimit()).stream(), q -> audit.count(scope, f));
    }

    /** Shows the entries again, as written since. */
    protected void reload() {
        refresh();
    }

    AuditLogService.Filter filter() {
        return new AuditLogService.Filter(
                actor.getValue(), action.getValue(), from.getValue(), to.getValue(), targetType.getValue());
    }
}
