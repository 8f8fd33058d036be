package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.shared.Tooltip;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.EmailDelivery;
import dev.vlmconsole.team.Invitations.Invitation;
import dev.vlmconsole.team.Invitations.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The Invitations tab of the Team page: pending and expired invitations (and, on request, the
 * accepted and revoked ones), with Resend and Revoke for Owners and Admins, and the Owner's setting
 * of which email domains may be invited.
 */
@StyleSheet(TeamView.STYLESHEET)
class InvitationsList extends VerticalLayout {

    /** What the list shows. */
    enum Show {
        OPEN("Pending and expired", Status.PENDING, Status.EXPIRED),
        PENDING("Pending", Status.PENDING),
        EXPIRED("Expired", Status.EXPIRED),
        ACCEPTED("Accepted", Status.ACCEPTED),
        REVOKED("Revoked", Status.REVOKED),
        ALL("All", Status.values());

        final String label;
        final Set<Status> statuses;

        Show(String label, Status... statuses) {
            this.label = label;
            this.statuses = EnumSet.copyOf(Arrays.asList(statuses));
        }
    }

    final Select<Show> show = new Select<>();
    final Grid<Invitation> grid = new Grid<>();
    final Span domains = new Span();
    final Button editDomains = new Button("Change");
    private final Invitations invitations;
    private final boolean manage;
    private final Clock clock;
    private final Runnable openInvite;
    private final List<Runnable> changeListeners = new ArrayList<>();

    InvitationsList(Invitations invitations, boolean manage, boolean ownerPowers, Clock clock, Runnable openInvite) {
        this.invitations = invitations;
        this.manage = manage;
        this.clock = clock;
        this.openInvite = openInvite;
        setPadding(false);
        setSizeFull();
        addClassName("team-invitations");

        show.setLabel("Show");
        show.addClassName("team-show");
        show.setItems(Show.values());
        show.setItemLabelGenerator(s -> s.label);
        show.setValue(Show.OPEN);
        show.addValueChangeListener(e -> refresh());
        FlexLayout bar = new FlexLayout(show);
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.addClassName("team-filters");
        if (manage) {
            domains.addClassName("team-domains");
            editDomains.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            editDomains.setAriaLabel("Change the allowed email domains");
            editDomains.setVisible(ownerPowers);
            editDomains.addClickListener(e -> domainsDialog().open());
            FlexLayout setting = new FlexLayout(domains, editDomains);
            setting.setAlignItems(FlexComponent.Alignment.BASELINE);
            setting.addClassName("team-domains-setting");
            bar.add(setting);
            showDomains();
        }
        configureGrid();
        add(bar, grid);
        refresh();
    }

    /** Runs {@code listener} after the list changed (a resend or a revoke). */
    void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private void configureGrid() {
        grid.addColumn(Invitation::email)
                .setHeader("Email")
                .setKey("email")
                .setComparator(Comparator.comparing(Invitation::email))
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(i -> i.role().label()).setHeader("Role").setKey("role").setAutoWidth(true);
        grid.addColumn(InvitationsList::invitedBy)
                .setHeader("Invited by")
                .setKey("invitedBy")
                .setTooltipGenerator(i -> i.provisioned()
                        ? "Your identity provider created this invitation through SCIM provisioning."
                        : null)
                .setAutoWidth(true);
        grid.addColumn(i -> TeamText.DAY.format(i.createdAt()))
                .setHeader("Sent")
                .setKey("sent")
                .setComparator(Comparator.comparing(Invitation::createdAt))
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(this::when)
                .setHeader("Expires")
                .setKey("expires")
                .setComparator(Comparator.comparing(Invitation::expiresAt))
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(InvitationsList::badge)
                .setHeader("Status")
                .setKey("status")
                .setWidth("8rem") // "Not delivered" is longer than StatusBadge.COLUMN_WIDTH holds
                .setFlexGrow(0);
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0)
                .setFrozenToEnd(true);
        grid.setMultiSort(false);
        grid.addClassName("team-invitations-grid");
        grid.setSizeFull();
    }

    /** Who invited: a member's name, or the identity provider for a provisioned invitation. */
    static String invitedBy(Invitation i) {
        return i.provisioned() ? VIA_SCIM : i.invitedByName();
    }

    /** Said of an invitation that the workspace's SCIM provisioning made. */
    static final String VIA_SCIM = "Identity provider, via SCIM";

    /** Reads the invitations again. */
    void refresh() {
        Show s = show.getValue() == null ? Show.OPEN : show.getValue();
        grid.setItems(invitations.list(s.statuses));
        grid.setEmptyStateComponent(empty(s));
    }

    private EmptyState empty(Show s) {
        if (s == Show.OPEN || s == Show.PENDING) {
            EmptyState empty = new EmptyState(
                    VaadinIcon.ENVELOPE_O.create(),
                    "No pending invitations",
                    "Invitations wait here until the person accepts or the link expires.");
            if (manage) {
                empty.withAction("Invite someone", openInvite);
            }
            return empty;
        }
        return new EmptyState(
                        VaadinIcon.ENVELOPE_O.create(),
                        s == Show.ALL
                                ? "No invitations yet"
                                : "No " + s.label.toLowerCase(Locale.ROOT) + " invitations",
                        "Nothing to show for this choice.")
                .withAction("Show pending and expired", () -> show.setValue(Show.OPEN));
    }

    private String when(Invitation i) {
        return switch (i.status()) {
            case PENDING, EXPIRED -> TeamText.until(i.expiresAt(), clock.instant());
            case ACCEPTED ->
                "Accepted " + TeamText.ago(i.endedAt(), clock.instant()).toLowerCase(Locale.ROOT);
            case REVOKED ->
                "Revoked " + TeamText.ago(i.endedAt(), clock.instant()).toLowerCase(Locale.ROOT);
        };
    }

    /** Said where an invitation's email never arrived (or may not have). */
    static final String NOT_DELIVERED_HINT = "The email could not be delivered. Resend it, or copy a new link.";

    /** Class name of the Resend item of an invitation whose email was not delivered. */
    static final String RESEND_NEEDED = "team-resend-needed";

    static StatusBadge badge(Invitation i) {
        boolean open = i.status() == Status.PENDING || i.status() == Status.EXPIRED;
        if (open && i.delivery().notDelivered()) {
            StatusBadge badge = new StatusBadge("Not delivered", StatusBadge.Tone.ERROR);
            Tooltip.forComponent(badge).setText(NOT_DELIVERED_HINT);
            badge.getElement().setAttribute("aria-label", "Not delivered. " + NOT_DELIVERED_HINT);
            return badge;
        }
        if (i.status() == Status.PENDING && i.delivery() == EmailDelivery.QUEUED) {
            StatusBadge badge = new StatusBadge("Sending…", StatusBadge.Tone.NEUTRAL);
            Tooltip.forComponent(badge).setText("The email is waiting to be sent.");
            return badge;
        }
        return switch (i.status()) {
            case PENDING -> new StatusBadge("Pending", StatusBadge.Tone.NEUTRAL);
            case EXPIRED -> new StatusBadge("Expired", StatusBadge.Tone.WARNING);
            case ACCEPTED -> new StatusBadge("Accepted", StatusBadge.Tone.SUCCESS);
            case REVOKED -> new StatusBadge("Revoked", StatusBadge.Tone.ERROR);
        };
    }

    private Component actions(Invitation i) {
        RowActions actions = new RowActions(i.email());
        if (manage && (i.status() == Status.PENDING || i.status() == Status.EXPIRED)) {
            if (i.delivery().notDelivered()) {
                MenuItem resend = actions.add("Resend (not delivered)", () -> resend(i));
                resend.getElement().getClassList().add(RESEND_NEEDED);
            } else {
                actions.add("Resend", () -> resend(i));
            }
            actions.addDestructive("Revoke", () -> revokeDialog(i).open());
        }
        return actions;
    }

    private void resend(Invitation i) {
        try {
            Invitations.Outcome.Sent sent = invitations.resend(i.id());
            if (sent.link() == null) {
                Notifications.success("Invitation sent again to " + i.email());
            } else {
                linkDialog(sent).open();
            }
        } catch (IllegalStateException | NoSuchElementException ex) {
            Notifications.error(
                    "The invitation to " + i.email() + " was not sent again: it was accepted or revoked meanwhile.");
        } catch (PermissionDeniedException ex) {
            Notifications.error("The invitation to " + i.email() + " was not sent again: you may no longer do that.");
        }
        changed();
    }

    /** The new link of a resent invitation when no mail server sends it: shown once. */
    static Dialog linkDialog(Invitations.Outcome.Sent sent) {
        Dialog d = new Dialog();
        d.setHeaderTitle("New link for " + sent.email());
        d.setWidth("min(36rem, 96vw)");
        Paragraph text = new Paragraph("No email was sent (no mail server is set up). The previous link no longer "
                + "works. Copy this one now and send it yourself: it is shown once and works until "
                + TeamText.DAY.format(sent.invitation().expiresAt()) + ".");
        d.add(text, new CopyLink(sent.email(), sent.link()));
        Button done = new Button("Done", e -> d.close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(done);
        return d;
    }

    DestructiveConfirmDialog revokeDialog(Invitation i) {
        return new DestructiveConfirmDialog(
                "Revoke the invitation for " + i.email() + "?",
                "The link in their email stops working at once. You can invite them again later."
                        + (i.provisioned()
                                ? " Your identity provider (SCIM) may invite them again while they are assigned there."
                                : ""),
                "Revoke invitation",
                () -> {
                    try {
                        invitations.revoke(i.id());
                        Notifications.success("Invitation for " + i.email() + " revoked");
                    } catch (IllegalStateException | NoSuchElementException ex) {
                        Notifications.error("The invitation for " + i.email()
                                + " was not revoked: it was accepted or revoked meanwhile.");
                    } catch (PermissionDeniedException ex) {
                        Notifications.error(
                                "The invitation for " + i.email() + " was not revoked: you may no longer do that.");
                    }
                    changed();
                });
    }

    private void changed() {
        refresh();
        changeListeners.forEach(Runnable::run);
    }

    private void showDomains() {
        List<String> allowed = invitations.allowedDomains();
        domains.setText(
                allowed.isEmpty()
                        ? "Invitations may go to any email domain."
                        : "Invitations may go only to " + String.join(", ", allowed) + ".");
    }

    /** The Owner's setting: comma separated domains, empty for any. */
    Dialog domainsDialog() {
        Dialog d = new Dialog();
        d.setHeaderTitle("Allowed email domains");
        d.setWidth("min(32rem, 94vw)");
        TextField field = new TextField("Domains");
        field.setValue(String.join(", ", invitations.allowedDomains()));
        field.setPlaceholder("example.com, example.org");
        field.setHelperText("Comma separated. Leave empty to allow every domain. Invitations already sent stay valid.");
        field.setWidthFull();
        FieldErrors errors = new FieldErrors().bind(Invitations.DOMAINS, field);
        d.add(
                new Paragraph("Limit invitations to addresses at these domains. An invitation to another domain is "
                        + "refused with a clear message."),
                field);
        Button save = new Button("Save", e -> {
            errors.clear();
            try {
                invitations.setAllowedDomains(Arrays.stream(field.getValue().split("[,;\\s]+"))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList());
                d.close();
                showDomains();
                Notifications.success("Allowed email domains saved");
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    field.setErrorMessage(unplaced.message());
                    field.setInvalid(true);
                });
            } catch (PermissionDeniedException ex) {
                field.setErrorMessage("Only an Owner changes the allowed domains.");
                field.setInvalid(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        d.addOpenedChangeListener(e -> field.focus());
        return d;
    }
}
