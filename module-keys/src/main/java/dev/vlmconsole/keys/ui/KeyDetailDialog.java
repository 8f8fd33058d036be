package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** One key: its facts, its 30-day usage trend and its audit history. */
@StyleSheet(KeysView.STYLESHEET)
class KeyDetailDialog extends Dialog {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    KeyDetailDialog(KeyService keys, ApiKey key, String ownerName) {
        setHeaderTitle(key.name());
        setWidth("min(48rem, 96vw)");
        Instant now = Instant.now();
        Div facts = new Div(
                fact("Prefix", key.displayPrefix() + "…"),
                fact("Status", key.status(now).label()),
                fact("Scope", "scim".equals(key.scope()) ? "SCIM" : key.scope()),
                fact("Project", key.project() == null ? "—" : key.project()),
                fact("Owner", ownerName),
                fact("Created by", key.createdBy() == null ? "—" : key.createdBy()),
                fact("Created", TIME.format(key.createdAt())),
                fact("Expires", key.expiresAt() == null ? "Never" : TIME.format(key.expiresAt())),
                fact("Last used", key.lastUsedAt() == null ? "Never" : TIME.format(key.lastUsedAt())));
        facts.addClassName("keys-facts");
        List<DailyUsage> usage = keys.usage(key.id(), 30);
        long total = usage.stream().mapToLong(d -> d.totals().requests()).sum();
        Grid<AuditLog.AuditRecord> history = new Grid<>();
        history.addColumn(r -> TIME.format(r.occurredAt()))
                .setHeader("Time")
                .setAutoWidth(true)
                .setFlexGrow(0);
        history.addColumn(AuditLog.AuditRecord::actor).setHeader("Actor").setAutoWidth(true);
        history.addColumn(AuditLog.AuditRecord::action).setHeader("Action").setAutoWidth(true);
        history.addColumn(AuditLog.AuditRecord::details).setHeader("Details");
        history.setItems(keys.history(key.id()));
        history.setAllRowsVisible(true);
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        history.setEmptyStateText("No recorded changes.");
        add(facts, new H3("Requests, last 30 days (" + total + ")"), new UsageChart(usage), new H3("History"), history);
        getFooter().add(new Button("Close", e -> close()));
    }

    private static Div fact(String label, String value) {
        Span l = new Span(label);
        l.addClassName("keys-fact-label");
        Div d = new Div(l, new Paragraph(value));
        d.addClassName("keys-fact");
        return d;
    }
}
