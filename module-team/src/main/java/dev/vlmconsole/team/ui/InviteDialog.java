package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.dom.Element;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Outcome;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Invites several people at once: their addresses and a role, then what happened to each address
 * (sent, already a member, already invited with "Resend", refused and why). Without a mail server
 * each new invitation's link is shown here, once, to copy.
 */
@StyleSheet(TeamView.STYLESHEET)
class InviteDialog extends Dialog {

    final TextArea emails = new TextArea("Email addresses");
    final Select<Role> role;
    final Button send = new Button();
    final Paragraph quota = new Paragraph();
    final Div results = new Div();
    private final Div form = new Div();
    private final Button inviteMore = new Button("Invite more");
    private final Button done = new Button("Done");
    private final Button cancel = new Button("Cancel");
    private final Invitations invitations;
    private final Runnable changed;
    private final FieldErrors errors = new FieldErrors();
    private final Invitations.Delivery delivery;

    InviteDialog(Invitations invitations, boolean ownerPowers, Runnable changed) {
        this.invitations = invitations;
        this.changed = changed;
        this.delivery = invitations.delivery();
        addClassName("team-invite-dialog");
        setHeaderTitle("Invite members");
        setWidth("min(36rem, 96vw)");

        emails.setPlaceholder("ada@example.com, grace@example.com");
        emails.setHelperText("Separate addresses with commas or new lines. Ctrl+Enter sends.");
        emails.setWidthFull();
        emails.setMinHeight("6rem");
        emails.setRequired(true);
        role = MemberDialogs.roleSelect(ownerPowers, Role.MEMBER);
        errors.bind(Invitations.EMAILS, emails);
        quota.addClassName("team-quota");
        form.addClassName("team-invite-form");
        form.add(emails, role, quota);
        if (!delivery.mailConfigured()) {
            Paragraph noMail =
                    new Paragraph(delivery.notConfiguredReason() + " Each person's link is shown here once, to copy.");
            noMail.addClassName("team-note");
            form.add(noMail);
        }
        if (!delivery.linksArePublic()) {
            Paragraph local = new Paragraph("Links will name localhost, because the console's public address"
                    + " (console.public-url) is not set: only this machine can open them. Ask whoever runs"
                    + " the console to set it.");
            local.addClassName("team-note");
            form.add(local);
        }
        results.addClassName("team-outcomes");
        results.setVisible(false);
        add(form, results);

        send.setText(delivery.mailConfigured() ? "Send invitations" : "Create invitation links");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(e -> send());
        // Enter starts a new line in the addresses; Ctrl+Enter (Cmd+Enter) sends
        send.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);
        send.addClickShortcut(Key.ENTER, KeyModifier.META);
        cancel.addClickListener(e -> close());
        inviteMore.addClickListener(e -> showForm());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        done.addClickListener(e -> close());
        getFooter().add(cancel, send, inviteMore, done);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                emails.focus();
            }
        });
        showForm();
    }

    private void showForm() {
        emails.clear();
        errors.clear();
        results.removeAll();
        results.setVisible(false);
        form.setVisible(true);
        setHeaderTitle("Invite members");
        Invitations.DailyQuota q = invitations.quota();
        int left = Math.max(0, q.limit() - q.used());
        quota.setText(
                left == 0
                        ? "This workspace reached its limit of " + TeamText.plural(q.limit(), "invitation")
                                + " in 24 hours. Try again later."
                        : "You can send " + TeamText.plural(left, "more invitation") + " today (" + q.used() + " of "
                                + q.limit() + " used in the last 24 hours).");
        send.setEnabled(left > 0);
        cancel.setVisible(true);
        send.setVisible(true);
        inviteMore.setVisible(false);
        done.setVisible(false);
    }

    private void send() {
        errors.clear();
        role.setInvalid(false);
        try {
            List<Outcome> outcomes = invitations.invite(emails.getValue(), role.getValue());
            changed.run();
            showResults(outcomes);
        } catch (InvalidInputException ex) {
            errors.show(ex).forEach(unplaced -> {
                emails.setErrorMessage(unplaced.message());
                emails.setInvalid(true);
            });
        } catch (PermissionDeniedException ex) {
            role.setErrorMessage(
                    role.getValue() == Role.OWNER
                            ? "Only an Owner can invite an Owner."
                            : "You may no longer invite people to this workspace.");
            role.setInvalid(true);
        }
    }

    private void showResults(List<Outcome> outcomes) {
        form.setVisible(false);
        results.removeAll();
        results.setVisible(true);
        setHeaderTitle("Invitations");
        Map<Class<?>, Long> counts =
                outcomes.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        Function<Class<?>, Long> count = c -> counts.getOrDefault(c, 0L);
        StringBuilder summary = new StringBuilder();
        append(summary, count.apply(Outcome.Sent.class), delivery.mailConfigured() ? "sent" : "created");
        append(summary, count.apply(Outcome.AlreadyMember.class), "already a member");
        append(summary, count.apply(Outcome.AlreadyInvited.class), "already invited");
        append(summary, count.apply(Outcome.Refused.class), "refused");
        results.add(new Paragraph(summary + "."));
        boolean links = outcomes.stream().anyMatch(o -> o instanceof Outcome.Sent s && s.link() != null);
        if (links) {
            Paragraph once = new Paragraph(
                    "Copy each link now and send it to the person yourself: " + "the console will not show it again.");
            once.addClassName("team-warning");
            results.add(once);
        }
        outcomes.forEach(o -> results.add(outcome(o)));
        cancel.setVisible(false);
        send.setVisible(false);
        inviteMore.setVisible(true);
        done.setVisible(true);
        done.focus();
    }

    private static void append(StringBuilder summary, long n, String what) {
        if (n > 0) {
            summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ').append(what);
        }
    }

    /** One address's row: the address, a badge, and what to know or do about it. */
    private Component outcome(Outcome outcome) {
        Div row = new Div();
        row.addClassName("team-outcome");
        Span email = new Span(outcome.email());
        email.addClassName("team-outcome-email");
        Div detail = new Div();
        detail.addClassName("team-outcome-detail");
        StatusBadge badge = switch (outcome) {
            case Outcome.Sent s -> {
                sent(detail, s, false);
                yield new StatusBadge(s.link() == null ? "Sent" : "Link ready", StatusBadge.Tone.SUCCESS);
            }
            case Outcome.AlreadyMember m -> {
                detail.add(new Span("Already a member of this workspace: nothing sent."));
                yield new StatusBadge("Member", StatusBadge.Tone.NEUTRAL);
            }
            case Outcome.AlreadyInvited i -> {
                detail.add(new Span("Already invited by " + i.pending().invitedByName() + " on "
                        + TeamText.DAY.format(i.pending().createdAt()) + ": nothing sent. "));
                Button resend = new Button("Resend");
                resend.addThemeVariants(ButtonVariant.LUMO_SMALL);
                resend.setAriaLabel("Resend the invitation to " + i.email());
                StatusBadge invited = new StatusBadge("Invited", StatusBadge.Tone.WARNING);
                resend.addClickListener(e -> resend(detail, invited, i));
                detail.add(resend);
                yield invited;
            }
            case Outcome.Refused r -> {
                detail.add(new Span(r.reason()));
                yield new StatusBadge("Refused", StatusBadge.Tone.ERROR);
            }
        };
        Div head = new Div(email, badge);
        head.addClassName("team-outcome-head");
        row.add(head, detail);
        return row;
    }

    private void resend(Div detail, StatusBadge badge, Outcome.AlreadyInvited invited) {
        try {
            Outcome.Sent again = invitations.resend(invited.pending().id());
            changed.run();
            detail.removeAll();
            sent(detail, again, true);
            // the row now says what happened, as a freshly sent one does
            StatusBadge now =
                    new StatusBadge(again.link() == null ? "Sent again" : "New link", StatusBadge.Tone.SUCCESS);
            Element head = badge.getElement().getParent();
            head.setChild(head.indexOfChild(badge.getElement()), now.getElement());
        } catch (IllegalStateException | NoSuchElementException ex) {
            Notifications.error("The invitation to " + invited.email()
                    + " was not sent again: it was accepted or revoked meanwhile.");
        }
    }

    private void sent(Div detail, Outcome.Sent sent, boolean again) {
        String expires = (again ? "It works until " : "The link works until ")
                + TeamText.DAY.format(sent.invitation().expiresAt()) + ".";
        if (sent.link() != null) {
            detail.add(new Span((again ? "New link; the old one no longer works. " : "") + expires));
            detail.add(new CopyLink(sent.email(), sent.link()));
        } else {
            detail.add(new Span((again ? "Sent again; the old link no longer works. " : "Email sent. ") + expires));
        }
    }
}
