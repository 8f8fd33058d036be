package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Link;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The accept page of an invitation link, {@code /invite/<token>}: it opens without signing in. A
 * new person sets their name and password and lands signed in, in the workspace; a person with an
 * account signs in with the invited address and joins; a person signed in with another address is
 * told so and offered to sign out. A closed link (used, revoked, replaced, expired, unknown) says
 * which in plain words and never names the workspace.
 *
 * <p>With single sign-on configured (module-api 1.5 {@link SignInOptions}, provided by the console;
 * absent means off), the page offers the SSO button first: the console's SSO sign-in joins every
 * pending invitation of the person's verified email and brings them back here, where the accepted
 * link welcomes them into the workspace. When the install is SSO-only, the page has no password form
 * at all, and {@link Invitations#acceptAsNewPerson} refuses too.
 *
 * <p>Not a navigation entry (those need a signed-in member): {@link #register} adds it, without the
 * console's layout, as the sign-in page is. After joining, the page opens the console's home with
 * {@code ?workspace=<id>}, which makes that workspace the current one.
 */
@PageTitle("Invitation")
@AnonymousAllowed
@StyleSheet(TeamView.STYLESHEET)
public class InviteView extends VerticalLayout implements BeforeEnterObserver {

    /** The page's route. */
    public static final String ROUTE = "invite/:token";

    /** The console's home with this workspace chosen (the console's dashboard reads the parameter). */
    static final String HOME_IN_WORKSPACE = "./?workspace=";

    /** The rule the console applies to new passwords, said beside the field (the console checks it). */
    static final String PASSWORD_RULE = "At least 12 characters.";

    /** Class name of the single sign-on button. */
    static final String SSO_BUTTON = "team-sso-button";

    private final Invitations invitations;
    private final Accounts accounts;
    private final @Nullable SignInOptions signIn;
    private final Div box = new Div();
    private String token = "";
    /** Where the page sent the person after they joined, also offered as a link. */
    String destination;

    public InviteView(Invitations invitations, Accounts accounts, ObjectProvider<SignInOptions> signIn) {
        this.invitations = invitations;
        this.accounts = accounts;
        this.signIn = signIn.getIfAvailable();
        addClassName("team-invite-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        box.addClassName("team-invite-box");
        add(box);
    }

    /** Adds the accept page and its sign-in step to the application's routes (once). */
    public static void register(RouteConfiguration routes) {
        if (!routes.isRouteRegistered(InviteView.class)) {
            routes.setRoute(ROUTE, InviteView.class);
        }
        if (!routes.isRouteRegistered(InviteSignInView.class)) {
            routes.setRoute(InviteSignInView.ROUTE, InviteSignInView.class);
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getRouteParameters().get("token").orElse("");
        show();
    }

    private void show() {
        box.removeAll();
        switch (invitations.open(token)) {
            case Link.Closed closed -> closed(closed.reason());
            case Link.Joined joined ->
                welcome(joined.workspaceId(), joined.workspaceName(), joined.role()); // back from single sign-on
            case Link.Open open -> {
                Optional<Accounts.Account> me = accounts.signedIn();
                if (me.isPresent() && me.get().email().equalsIgnoreCase(open.email())) {
                    joinAsSignedIn(open);
                } else if (me.isPresent()) {
                    anotherAddress();
                } else if (open.hasAccount()) {
                    signInFirst(open);
                } else {
                    newPerson(open);
                }
            }
        }
    }

    /** Why the link cannot be used; names no workspace, so a forwarded or guessed link reveals nothing. */
    static String closedReason(Link.Reason reason) {
        return switch (reason) {
            case ACCEPTED -> "This invitation was already used. If you accepted it, sign in to continue.";
            case REVOKED -> "This invitation was revoked. Ask the person who invited you for a new one.";
            case REPLACED -> "This invitation was replaced by a newer one: use the link in the latest email.";
            case EXPIRED -> "This invitation has expired: ask the person who invited you to send a new one.";
            case UNKNOWN ->
                "This invitation link is not valid. Check that you opened the whole link from "
                        + "the email, or ask for a new invitation.";
        };
    }

    private void closed(Link.Reason reason) {
        Paragraph why = new Paragraph(closedReason(reason));
        why.addClassName("team-invite-reason");
        box.add(new H1("This invitation cannot be used"), why, new Anchor(".", "Go to the console"));
    }

    private void joinAsSignedIn(Link.Open open) {
        Button join =
                new Button("Join " + open.workspaceName() + " as " + open.role().label(), e -> {
                    try {
                        joined(open, invitations.acceptAsSignedIn(token));
                    } catch (AlreadyAMemberException ex) {
                        alreadyMember(open);
                    } catch (PermissionDeniedException ex) {
                        box.removeAll();
                        if (Invitations.WRONG_ADDRESS.equals(ex.permission())) {
                            anotherAddress();
                        } else {
                            inviterMayNoLongerInvite(open);
                        }
                    } catch (IllegalStateException ex) {
                        show(); // closed meanwhile: say why
                    }
                });
        join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        join.addClickShortcut(Key.ENTER);
        box.add(new H1("Join " + open.workspaceName()), invitedBy(open), join);
    }

    private void anotherAddress() {
        Button signOut = new Button("Sign out", e -> {
            accounts.signOut();
            UI.getCurrent().getPage().reload();
        });
        signOut.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // the signed-in address only: the invited one and the workspace stay unsaid to a wrong person
        String who = accounts.signedIn()
                .map(a -> "You are signed in as " + a.email() + ". ")
                .orElse("");
        Paragraph text = new Paragraph(
                who + "This invitation is for another email address. Sign out to accept it, then open the link again.");
        text.addClassName("team-invite-reason");
        Anchor stay = new Anchor(".", "Stay signed in and go to the console");
        stay.addClassName("team-secondary-link");
        box.add(new H1("This invitation is for someone else"), text, signOut, stay);
    }

    /** Whether the console offers single sign-on. */
    private boolean ssoOn() {
        return signIn != null && signIn.ssoEnabled();
    }

    /** Whether the page may offer the password form (not on an SSO-only install). */
    private boolean passwordsAllowed() {
        return !ssoOn() || signIn.passwordsAllowed();
    }

    /**
     * The prominent single sign-on button: the console signs the person in with their identity provider,
     * joins their verified email's pending invitations, and comes back to this link.
     */
    private Anchor ssoButton() {
        Anchor sso = new Anchor(signIn.ssoSignInUrl("invite/" + token), signIn.ssoButtonLabel());
        sso.setRouterIgnore(true); // the console's sign-in, outside the application's routes
        sso.addClassNames("team-button-link", SSO_BUTTON);
        return sso;
    }

    private void signInFirst(Link.Open open) {
        box.add(
                new H1("Join " + open.workspaceName()),
                invitedBy(open),
                new Paragraph("You already have an account with " + open.email() + "."));
        if (ssoOn()) {
            box.add(ssoButton());
        }
        if (passwordsAllowed()) {
            // a page that needs signing in: the console's sign-in brings the person back to it, then here
            Anchor password = new Anchor(
                    "invite/" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "/sign-in",
                    ssoOn() ? "Sign in with your password instead" : "Sign in as " + open.email() + " to join");
            password.setRouterIgnore(true);
            password.addClassName(ssoOn() ? "team-secondary-link" : "team-button-link");
            box.add(password);
        }
    }

    private void newPerson(Link.Open open) {
        if (ssoOn()) {
            box.add(
                    new H1("Join " + open.workspaceName()),
                    invitedBy(open),
                    new Paragraph("Sign in with your organisation's account for " + open.email()
                            + ": you join the workspace at once."),
                    ssoButton());
            if (!passwordsAllowed()) {
                Paragraph only = new Paragraph(
                        "This console signs people in with single sign-on only, so there is" + " no password to set.");
                only.addClassName("team-invite-reason");
                box.add(only);
                return;
            }
            Paragraph or = new Paragraph("Or create an account with a password:");
            or.addClassName("team-sso-or");
            box.add(or);
        }
        passwordForm(open, !ssoOn());
    }

    /** Creating an account with a password; {@code primary} when it is the only way to join. */
    private void passwordForm(Link.Open open, boolean primary) {
        TextField email = new TextField("Email");
        email.setValue(open.email());
        email.setReadOnly(true);
        TextField name = new TextField("Your name");
        name.setMaxLength(Names.DISPLAY_NAME.maxLength());
        name.setRequired(true);
        name.setAutocomplete(Autocomplete.NAME);
        PasswordField password = new PasswordField("Password");
        password.setHelperText(PASSWORD_RULE);
        password.setRequired(true);
        PasswordField confirm = new PasswordField("Confirm password");
        confirm.setRequired(true);
        FieldErrors errors = new FieldErrors()
                .bind(Accounts.EMAIL, email)
                .bind(Accounts.NAME, name)
                .bind(Accounts.PASSWORD, password);
        Paragraph formError = new Paragraph();
        formError.addClassName("team-form-error");
        formError.setVisible(false);
        Button join = new Button(primary ? "Join " + open.workspaceName() : "Create account and join", e -> {
            errors.clear();
            confirm.setInvalid(false);
            formError.setVisible(false);
            if (!password.getValue().equals(confirm.getValue())) {
                confirm.setErrorMessage("The two passwords differ.");
                confirm.setInvalid(true);
                confirm.focus();
                return;
            }
            try {
                joined(open, invitations.acceptAsNewPerson(token, name.getValue(), password.getValue()));
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> {
                    formError.setText(unplaced.message());
                    formError.setVisible(true);
                });
            } catch (PermissionDeniedException ex) {
                box.removeAll();
                inviterMayNoLongerInvite(open);
            } catch (IllegalStateException ex) {
                show(); // closed meanwhile, or the address has an account now: the page says what to do
            }
        });
        if (primary) {
            join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        join.addClickShortcut(Key.ENTER);
        FormLayout form = new FormLayout(email, name, password, confirm);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        if (primary) {
            box.add(
                    new H1("Join " + open.workspaceName()),
                    invitedBy(open),
                    new Paragraph("Create your account to accept."));
            name.focus();
        }
        box.add(form, formError, join);
    }

    private static Paragraph invitedBy(Link.Open open) {
        Paragraph p = new Paragraph(inviter(open) + " invited " + open.email() + " to join "
                + open.workspaceName() + " as " + MemberDialogs.article(open.role()) + " "
                + open.role().label() + ". " + MemberDialogs.describe(open.role()));
        p.addClassName("team-invite-text");
        return p;
    }

    /** Who invited, as the first words of a sentence. */
    static String inviter(Link.Open open) {
        return open.provisioned() ? "Your identity provider (SCIM)" : open.invitedByName();
    }

    /**
     * The inviter left, or lost the right to grant this role, since they sent it (or the workspace revoked
     * the SCIM key that provisioned it): nothing was created.
     */
    private void inviterMayNoLongerInvite(Link.Open open) {
        box.add(
                new H1("This invitation can no longer be accepted"),
                new Paragraph(
                        open.provisioned()
                                ? "Your identity provider sent it through a SCIM key that the workspace has"
                                        + " revoked since. Ask the workspace's Owner to provision you again."
                                : "The person who sent it can no longer invite people with this role."
                                        + " Ask the workspace for a new invitation."));
    }

    private void alreadyMember(Link.Open open) {
        box.removeAll();
        box.add(
                new H1("You are already a member"),
                new Paragraph("You already belong to " + open.workspaceName() + "."),
                new Anchor(".", "Go to the console"));
    }

    private void joined(Link.Open open, UUID workspaceId) {
        welcome(workspaceId, open.workspaceName(), open.role());
    }

    private void welcome(UUID workspaceId, String workspaceName, Role role) {
        destination = HOME_IN_WORKSPACE + workspaceId;
        box.removeAll();
        box.add(
                new H1("Welcome to " + workspaceName),
                new Paragraph(
                        "You joined as " + MemberDialogs.article(role) + " " + role.label() + ". Opening the console…"),
                new Anchor(destination, "Open " + workspaceName));
        UI.getCurrent().getPage().setLocation(destination);
    }
}
