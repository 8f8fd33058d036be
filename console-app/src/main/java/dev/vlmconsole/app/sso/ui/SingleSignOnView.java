package dev.vlmconsole.app.sso.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouteConfiguration;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.scim.ScimRoles;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.app.sso.EmailDomains;
import dev.vlmconsole.app.sso.GroupRoleMappings;
import dev.vlmconsole.app.sso.GroupRoleMappings.Mapping;
import jakarta.annotation.security.PermitAll;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A workspace's Single sign-on page: whether the console has single sign-on at all (the person who runs
 * it configures it), the email domains the workspace claims (an Owner asks, an operator approves; DD035),
 * the mapping of identity-provider groups to roles, and where SCIM provisioning is set up (the Team page).
 * Owners change; Admins (and operators in a support session) read. The services check every change.
 */
@PageTitle("Single sign-on")
@PermitAll
@StyleSheet(SingleSignOnView.STYLESHEET)
public class SingleSignOnView extends VerticalLayout {

    /** Where the page lives. */
    public static final String PATH = "single-sign-on";

    static final String STYLESHEET = "styles/sso.css";
    /** The Team page of the team module, where SCIM keys are made. */
    static final String TEAM_PATH = "team";

    private final DomainClaims claims;
    private final GroupRoleMappings mappings;
    private final boolean owner;

    final Paragraph status = new Paragraph();
    final TextField domain = new TextField("Domain");
    final Select<Role> defaultRole = roleSelect("Default role", false);
    final Button ask = new Button("Ask for approval");
    final Grid<Claim> domains = new Grid<>();
    final TextField group = new TextField("Group");
    final Select<Role> groupRole = roleSelect("Role", true);
    final Button map = new Button("Add mapping");
    final Grid<Mapping> groups = new Grid<>();
    final Paragraph readOnly = new Paragraph("Only Owners change these settings.");
    final Paragraph scimNote = new Paragraph();
    private final FieldErrors domainErrors = new FieldErrors();
    private final FieldErrors groupErrors = new FieldErrors();

    public SingleSignOnView(
            DomainClaims claims,
            GroupRoleMappings mappings,
            ConsoleContext context,
            ConsoleLinks links,
            ObjectProvider<SignInOptions> signIn,
            ObjectProvider<ScimRoles> scimRoles) {
        if (!context.can(CoreModule.SSO_READ)) { // the route guard refused already; a page made by hand refuses too
            throw new PermissionDeniedException(CoreModule.SSO_READ);
        }
        this.claims = claims;
        this.mappings = mappings;
        this.owner = context.can(DomainClaims.SETTINGS);
        addClassName("sso-view");
        setMaxWidth("60rem");
        readOnly.addClassName("sso-hint");
        readOnly.setVisible(!owner);
        add(new H1("Single sign-on"), readOnly);
        add(statusSection(signIn.getIfAvailable(), links));
        add(domainsSection());
        ScimRoles scim = scimRoles.getIfAvailable();
        add(groupsSection(scim != null && scim.managesRoles(context.workspaceId())));
        add(scimSection(links));
        refreshDomains();
        refreshGroups();
    }

    private Component statusSection(SignInOptions signIn, ConsoleLinks links) {
        Div section = section();
        boolean on = signIn != null && signIn.ssoEnabled();
        StatusBadge badge = on
                ? new StatusBadge("On", StatusBadge.Tone.SUCCESS)
                : new StatusBadge("Not configured", StatusBadge.Tone.NEUTRAL);
        badge.addClassName("sso-status-badge");
        HorizontalLayout heading = new HorizontalLayout(new H2("Sign-in"), badge);
        heading.setAlignItems(FlexComponent.Alignment.CENTER);
        section.add(heading, status);
        if (on) {
            status.setText("People sign in with your company's identity provider: the sign-in page shows “"
                    + signIn.ssoButtonLabel() + "”"
                    + (signIn.passwordsAllowed()
                            ? " beside the password form."
                            : " instead of the password form (single sign-on only).")
                    + " People who already have an account are linked to their identity at their first "
                    + "single sign-on; people invited to this workspace join it at once.");
        } else {
            status.setText("Single sign-on is not configured for this console: people sign in with their "
                    + "password. The person who runs the console turns it on with these settings, and "
                    + "registers the redirect address below at the identity provider (Keycloak, Okta, "
                    + "Microsoft Entra ID, Google Workspace). You can prepare this workspace's domains and "
                    + "groups meanwhile.");
            Div settings = new Div();
            settings.addClassName("sso-settings");
            for (String name :
                    List.of("CONSOLE_OIDC_ISSUER_URI", "CONSOLE_OIDC_CLIENT_ID", "CONSOLE_OIDC_CLIENT_SECRET")) {
                settings.add(new Code(name));
            }
            Paragraph redirect = new Paragraph("Redirect address: ");
            redirect.add(new Code(links.to("login", "oauth2", "code", "sso")));
            section.add(settings, redirect);
        }
        return section;
    }

    private Component domainsSection() {
        Div section = section();
        section.add(
                new H2("Email domains"),
                new Paragraph("New people whose verified email is at a domain this workspace claims join it at "
                        + "their first single sign-on, with the default role. A domain belongs to one workspace "
                        + "of this console, and only once the people who run the console approved the claim. "
                        + "Public mail services (gmail.com, outlook.com …) cannot be claimed."));
        if (owner) {
            domain.setPlaceholder("example.com");
            domain.setHelperText("Your company's own domain, without the @.");
            domain.setMaxLength(EmailDomains.MAX_LENGTH);
            domain.setMinWidth("16rem");
            domainErrors.bind(DomainClaims.DOMAIN, domain).bind("defaultRole", defaultRole);
            ask.addThemeVariants(ButtonVariant.PRIMARY);
            ask.addClickListener(e -> ask());
            ask.addClickShortcut(Key.ENTER).listenOn(domain);
            HorizontalLayout form = new HorizontalLayout(domain, defaultRole, ask);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            form.setWrap(true);
            form.addClassName("sso-form");
            section.add(form);
        }
        domains.addColumn(c -> EmailDomains.display(c.domain()))
                .setHeader("Domain")
                .setAutoWidth(true)
                .setFlexGrow(1);
        domains.addColumn(c -> c.defaultRole().label())
                .setHeader("Default role")
                .setAutoWidth(true)
                .setFlexGrow(0);
        domains.addComponentColumn(SingleSignOnView::badge)
                .setHeader("Status")
                .setKey("status")
                .setWidth("10rem")
                .setFlexGrow(0);
        if (owner) {
            domains.addComponentColumn(this::domainActions)
                    .setKey("actions")
                    .setWidth(RowActions.COLUMN_WIDTH)
                    .setFlexGrow(0);
        }
        domains.setAllRowsVisible(true);
        domains.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        domains.setEmptyStateComponent(new EmptyState(
                "No email domains",
                owner
                        ? "Claim your company's domain so that its people join this workspace at their first sign-in."
                        : "An Owner of this workspace can claim the company's domain."));
        section.add(domains);
        return section;
    }

    static StatusBadge badge(Claim c) {
        return c.status() == DomainClaims.Status.APPROVED
                ? new StatusBadge("Approved", StatusBadge.Tone.SUCCESS)
                : new StatusBadge("Pending approval", StatusBadge.Tone.NEUTRAL);
    }

    private Component domainActions(Claim c) {
        String shown = EmailDomains.display(c.domain());
        RowActions menu = new RowActions(shown);
        menu.add("Change default role…", () -> openChangeDefaultRole(c));
        menu.addDestructive("Withdraw…", () -> confirmWithdraw(c));
        return menu;
    }

    private Component groupsSection(boolean scimManagesRoles) {
        Div section = section();
        section.add(
                new H2("Groups and roles"),
                new Paragraph("At each single sign-on, a member of this workspace gets the highest role their "
                        + "identity provider's groups map to here (Owner, Admin, Member, Billing, Viewer, in that "
                        + "order); a change is recorded in the audit log, and the last Owner stays an Owner. "
                        + "Groups apply to members only: they never add a person to the workspace. A member in "
                        + "no mapped group keeps their role."));
        scimNote.addClassName("sso-hint");
        scimNote.setVisible(scimManagesRoles);
        scimNote.setText("Your identity provider manages this workspace's groups with SCIM: SCIM group membership "
                + "sets roles with this mapping, and the groups sent at sign-in are ignored.");
        section.add(scimNote);
        if (owner) {
            group.setPlaceholder("console-admins");
            group.setHelperText("Exactly as the provider sends it in the groups claim.");
            group.setMaxLength(200);
            group.setMinWidth("16rem");
            groupErrors.bind(GroupRoleMappings.GROUP, group).bind("role", groupRole);
            map.addThemeVariants(ButtonVariant.PRIMARY);
            map.addClickListener(e -> addMapping());
            map.addClickShortcut(Key.ENTER).listenOn(group);
            HorizontalLayout form = new HorizontalLayout(group, groupRole, map);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            form.setWrap(true);
            form.addClassName("sso-form");
            section.add(form);
        }
        groups.addColumn(Mapping::group).setHeader("Group").setAutoWidth(true).setFlexGrow(1);
        groups.addColumn(m -> m.role().label())
                .setHeader("Role")
                .setAutoWidth(true)
                .setFlexGrow(0);
        if (owner) {
            groups.addComponentColumn(this::groupActions)
                    .setKey("actions")
                    .setWidth(RowActions.COLUMN_WIDTH)
                    .setFlexGrow(0);
        }
        groups.setAllRowsVisible(true);
        groups.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        groups.setEmptyStateComponent(new EmptyState(
                "No groups mapped",
                "Roles are set on the Team page. Map a group to let the identity provider set them instead."));
        section.add(groups);
        return section;
    }

    private Component groupActions(Mapping m) {
        RowActions menu = new RowActions(m.group());
        menu.add("Change role…", () -> openChangeGroupRole(m));
        menu.addDestructive("Remove…", () -> confirmRemove(m));
        return menu;
    }

    private Component scimSection(ConsoleLinks links) {
        Div section = section();
        Paragraph text = new Paragraph("With SCIM, your identity provider adds and removes this workspace's "
                + "members itself: a person removed there loses access here, and their keys are revoked. The "
                + "provider calls ");
        text.add(new Code(links.to("scim", "v2")), new Span(" with a SCIM key of this workspace."));
        section.add(new H2("Provisioning (SCIM)"), text);
        if (RouteConfiguration.forSessionScope().getRoute(TEAM_PATH).isPresent()) {
            Anchor team = new Anchor(TEAM_PATH, "Set up SCIM on the Team page");
            team.addClassName("sso-team-link");
            section.add(team);
        } else {
            section.add(new Paragraph("SCIM keys are made on the Team page, by the workspace's Owners."));
        }
        return section;
    }

    void ask() {
        domainErrors.clear();
        try {
            Claim c = claims.request(domain.getValue(), defaultRole.getValue());
            Notifications.success(
                    EmailDomains.display(c.domain()) + " is waiting for approval by the people who run the console");
            domain.clear();
            refreshDomains();
        } catch (InvalidInputException refused) {
            domainErrors.show(refused).forEach(f -> Notifications.error(f.message()));
        } catch (PermissionDeniedException denied) {
            Notifications.error("Nothing was changed: only Owners claim domains.");
        }
    }

    void openChangeDefaultRole(Claim c) {
        Dialog d = new Dialog();
        String shown = EmailDomains.display(c.domain());
        d.setHeaderTitle("Default role for " + shown);
        d.setWidth("min(30rem, 94vw)");
        Select<Role> role = roleSelect("Default role", false);
        role.setValue(c.defaultRole());
        role.setWidthFull();
        d.add(
                new Paragraph("New people of " + shown + " join this workspace with this role. People who "
                        + "joined already keep theirs."),
                role);
        Button save = new Button("Save", e -> {
            try {
                claims.changeDefaultRole(c.id(), role.getValue());
                d.close();
                Notifications.success(
                        "New people of " + shown + " join as " + role.getValue().label());
            } catch (InvalidInputException refused) {
                role.setErrorMessage(refused.fieldErrors().getFirst().message());
                role.setInvalid(true);
                return;
            } catch (NoSuchElementException | PermissionDeniedException gone) {
                d.close();
                Notifications.error("Nothing was changed: the claim is gone, or you are no longer an Owner.");
            }
            refreshDomains();
        });
        save.addThemeVariants(ButtonVariant.PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        d.open();
    }

    void confirmWithdraw(Claim c) {
        String shown = EmailDomains.display(c.domain());
        new DestructiveConfirmDialog(
                        "Withdraw the claim of " + shown + "?",
                        (c.status() == DomainClaims.Status.APPROVED
                                        ? "New people of " + shown + " no longer join this workspace at sign-in; "
                                                + "members keep their access."
                                        : "The request is withdrawn before anyone approved it.")
                                + " Another workspace may then claim the domain; claiming it again needs a new "
                                + "approval.",
                        "Withdraw claim",
                        () -> {
                            try {
                                claims.withdraw(c.id());
                                Notifications.success("The claim of " + shown + " is withdrawn");
                            } catch (NoSuchElementException | PermissionDeniedException gone) {
                                Notifications.error("Nothing was changed: the claim is gone already, or you are no "
                                        + "longer an Owner.");
                            }
                            refreshDomains();
                        })
                .open();
    }

    void addMapping() {
        groupErrors.clear();
        try {
            Mapping m = mappings.put(group.getValue(), groupRole.getValue());
            Notifications.success("Members in " + m.group() + " get " + m.role().label() + " at their next sign-in");
            group.clear();
            refreshGroups();
        } catch (InvalidInputException refused) {
            groupErrors.show(refused).forEach(f -> Notifications.error(f.message()));
        } catch (PermissionDeniedException denied) {
            Notifications.error("Nothing was changed: only Owners map groups.");
        }
    }

    void openChangeGroupRole(Mapping m) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Role of the group " + m.group());
        d.setWidth("min(30rem, 94vw)");
        Select<Role> role = roleSelect("Role", true);
        role.setValue(m.role());
        role.setWidthFull();
        d.add(new Paragraph("Members in " + m.group() + " get this role at their next single sign-on."), role);
        Button save = new Button("Save", e -> {
            try {
                mappings.put(m.group(), role.getValue());
                d.close();
                Notifications.success(
                        "Members in " + m.group() + " get " + role.getValue().label());
            } catch (InvalidInputException refused) {
                role.setErrorMessage(refused.fieldErrors().getFirst().message());
                role.setInvalid(true);
                return;
            } catch (PermissionDeniedException denied) {
                d.close();
                Notifications.error("Nothing was changed: you are no longer an Owner.");
            }
            refreshGroups();
        });
        save.addThemeVariants(ButtonVariant.PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        d.open();
    }

    void confirmRemove(Mapping m) {
        new DestructiveConfirmDialog(
                        "Remove the mapping of " + m.group() + "?",
                        "Members in " + m.group() + " keep the role they have now; sign-in no longer changes it "
                                + "for this group.",
                        "Remove mapping",
                        () -> {
                            try {
                                mappings.remove(m.group());
                                Notifications.success("The group " + m.group() + " no longer sets a role");
                            } catch (PermissionDeniedException denied) {
                                Notifications.error("Nothing was changed: you are no longer an Owner.");
                            }
                            refreshGroups();
                        })
                .open();
    }

    private void refreshDomains() {
        domains.setItems(claims.ofCurrentWorkspace());
    }

    private void refreshGroups() {
        groups.setItems(mappings.ofCurrentWorkspace());
    }

    private static Div section() {
        Div section = new Div();
        section.addClassName("sso-section");
        return section;
    }

    /** The roles a domain's newcomers ({@code owners} false) or a group ({@code owners} true) may get. */
    private static Select<Role> roleSelect(String label, boolean owners) {
        Select<Role> select = new Select<>();
        select.setLabel(label);
        select.setItems(Arrays.stream(Role.values())
                .filter(r -> owners || r != Role.OWNER)
                .toList());
        select.setItemLabelGenerator(Role::label);
        select.setValue(Role.MEMBER);
        return select;
    }
}
