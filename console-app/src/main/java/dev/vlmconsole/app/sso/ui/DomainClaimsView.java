package dev.vlmconsole.app.sso.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.app.operators.ui.ReasonDialog;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.app.sso.EmailDomains;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Operators → Domain claims: the email domains workspaces ask for (DD035). An operator approves a
 * pending claim or rejects it, and revokes an approved one, each with a reason recorded in the claiming
 * workspace's audit log as an operator action. One claim per domain across the install, so approving never
 * takes a domain from another workspace.
 */
@PageTitle("Domain claims")
@PermitAll
@StyleSheet(SingleSignOnView.STYLESHEET)
public class DomainClaimsView extends VerticalLayout {

    /** Where the page lives. */
    public static final String PATH = "operators/domain-claims";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final DomainClaims claims;
    final Grid<Claim> pending = new Grid<>();
    final Grid<Claim> approved = new Grid<>();

    public DomainClaimsView(DomainClaims claims, ConsoleContext context) {
        if (!context.can(Permissions.OPERATOR)) { // the route guard refused already; a page made by hand refuses too
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
        this.claims = claims;
        addClassName("sso-domain-claims");
        add(
                new H1("Domain claims"),
                new Paragraph("A workspace that claims an email domain gets every new person of that domain who "
                        + "signs in with single sign-on. Approve a claim only when the workspace is that company's: "
                        + "check who asked, and ask them if in doubt. Each decision is recorded, with its reason, "
                        + "in the workspace's audit log."),
                new H2("Waiting for approval"),
                pending,
                new H2("Approved"),
                approved);
        configure(pending, true);
        configure(approved, false);
        pending.setEmptyStateComponent(new EmptyState(
                "No claims to decide", "Claims appear here when a workspace's Owner asks for a domain."));
        approved.setEmptyStateComponent(
                new EmptyState("No approved domains", "No workspace gets new people by their email domain yet."));
        refresh();
    }

    private void configure(Grid<Claim> grid, boolean waiting) {
        grid.addColumn(Claim::workspaceName)
                .setHeader("Workspace")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(c -> EmailDomains.display(c.domain()))
                .setHeader("Domain")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(c -> c.defaultRole().label())
                .setHeader("Default role")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(Claim::requestedBy)
                .setHeader("Asked by")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(c -> time(waiting ? c.requestedAt() : c.decidedAt()))
                .setHeader(waiting ? "Asked" : "Approved")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(c -> actions(c, waiting))
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    }

    private Component actions(Claim c, boolean waiting) {
        RowActions menu = new RowActions(EmailDomains.display(c.domain()));
        if (waiting) {
            menu.add("Approve…", () -> openApprove(c));
            menu.addDestructive("Reject…", () -> openReject(c));
        } else {
            menu.addDestructive("Revoke…", () -> openReject(c));
        }
        return menu;
    }

    void openApprove(Claim c) {
        String shown = EmailDomains.display(c.domain());
        new ReasonDialog(
                        "Approve " + shown + " for " + c.workspaceName() + "?",
                        "New people with a verified " + shown + " email join " + c.workspaceName() + " as "
                                + c.defaultRole().label() + " at their first single sign-on. Asked by "
                                + c.requestedBy() + ".",
                        "Approve",
                        false,
                        reason -> {
                            claims.approve(c.id(), reason);
                            Notifications.success(shown + " is approved for " + c.workspaceName());
                            refresh();
                        })
                .open();
    }

    void openReject(Claim c) {
        String shown = EmailDomains.display(c.domain());
        boolean approvedAlready = c.status() == DomainClaims.Status.APPROVED;
        new ReasonDialog(
                        (approvedAlready ? "Revoke " : "Reject ") + shown + " for " + c.workspaceName() + "?",
                        (approvedAlready
                                        ? "New people of " + shown + " no longer join " + c.workspaceName()
                                                + "; its members keep their access."
                                        : "The workspace's Owners see that the claim is gone.")
                                + " The domain is free to be claimed again.",
                        approvedAlready ? "Revoke" : "Reject",
                        true,
                        reason -> {
                            claims.reject(c.id(), reason);
                            Notifications.success(shown + (approvedAlready ? " is revoked" : " is rejected"));
                            refresh();
                        })
                .open();
    }

    void refresh() {
        pending.setItems(claims.pending());
        approved.setItems(claims.approved());
    }

    private static String time(@Nullable Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
