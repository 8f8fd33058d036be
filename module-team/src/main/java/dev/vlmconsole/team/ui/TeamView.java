package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.MemberDirectory.MemberDetails;
import dev.vlmconsole.api.services.MemberResources;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The Team page: the workspace's members (with what they hold in other modules, such as active API
 * keys) and its invitations. What a person sees and may do follows their role; {@link Memberships}
 * and {@link Invitations} check it again and the page says in plain words when they refuse. Owners
 * and Admins also see the "SCIM provisioning" tab ({@link ScimCard}): Owners manage the workspace's
 * SCIM keys there, Admins see whether SCIM is set up.
 */
@PageTitle("Team")
@PermitAll
@StyleSheet(TeamView.STYLESHEET)
public class TeamView extends VerticalLayout {

    /** This module's stylesheet, in its jar's {@code META-INF/resources}; classes start with "team-" (DD013). */
    static final String STYLESHEET = "context://styles/team.css";

    /** A member and, per {@link MemberResources} bean (in the page's order), what they hold. */
    record Row(MemberDetails member, List<List<MemberResources.Resource>> held) {}

    private final ConsoleContext context;
    private final MemberDirectory directory;
    private final Memberships memberships;
    private final Invitations invitations;
    private final List<MemberResources> resources;
    private final Clock clock;
    private final WorkspaceRef workspace;
    private final UUID me;
    /** What the viewer may change, asked once per visit (the services ask again on every change). */
    private final boolean manage;

    private boolean ownerPowers;
    final TextField search = new TextField();
    final Select<Role> role = new Select<>();
    final Grid<Row> members = new Grid<>();
    final Button invite = new Button("Invite members", VaadinIcon.PLUS.create());
    final TabSheet tabs = new TabSheet();
    final InvitationsList invitationsList;
    private final Tab invitationsTab;
    /** The SCIM provisioning card, for Owners and Admins only. */
    final @Nullable ScimCard scim;

    private ListDataProvider<Row> rows = new ListDataProvider<>(new ArrayList<>());

    public TeamView(
            ConsoleContext context,
            MemberDirectory directory,
            Memberships memberships,
            Invitations invitations,
            ObjectProvider<MemberResources> resources,
            ObjectProvider<Clock> clock,
            ObjectProvider<KeyCatalog> keys,
            ObjectProvider<ConsoleLinks> links) {
        this.context = context;
        this.directory = directory;
        this.memberships = memberships;
        this.invitations = invitations;
        this.resources = resources.orderedStream().toList();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.workspace = context.requireWorkspace();
        this.me = context.actor().id();
        this.manage = context.can(TeamModule.MANAGE);
        this.ownerPowers = context.can(Memberships.MANAGE_OWNERS);
        setSizeFull();
        addClassName("team-view");

        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        invite.setVisible(manage);
        invite.addClickListener(e -> openInviteDialog());
        HorizontalLayout header = new HorizontalLayout(new H1("Team"), invite);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        Paragraph intro = new Paragraph("The people of " + workspace.name() + " and their roles. "
                + (manage
                        ? "Owners and Admins invite people, change roles and remove members."
                        : "Owners and Admins manage the team."));
        intro.addClassName("team-intro");

        invitationsList = new InvitationsList(invitations, manage, ownerPowers, this.clock, this::openInviteDialog);
        invitationsList.addChangeListener(this::countInvitations);
        VerticalLayout membersTab = new VerticalLayout(filters(), members);
        membersTab.setPadding(false);
        membersTab.setSizeFull();
        tabs.add("Members", membersTab);
        invitationsTab = tabs.add("Invitations", invitationsList);
        if (workspace.role() == Role.OWNER || workspace.role() == Role.ADMIN) {
            scim = new ScimCard(
                    keys.getIfAvailable(), links.getIfAvailable(), workspace, workspace.role() == Role.OWNER);
            tabs.add("SCIM provisioning", scim);
        } else {
            scim = null;
        }
        tabs.setSizeFull();
        tabs.addClassName("team-tabs");
        add(header, intro, tabs);
        configureGrid();
        load();
        countInvitations();
    }

    private Component filters() {
        search.setPlaceholder("Search name or email");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search members");
        search.addClassName("team-search");
        role.setLabel("Role");
        role.setEmptySelectionAllowed(true);
        role.setEmptySelectionCaption("Any role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(r -> r == null ? "Any role" : r.label());
        search.addValueChangeListener(e -> applyFilters());
        role.addValueChangeListener(e -> applyFilters());
        FlexLayout bar = new FlexLayout(search, role);
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.addClassName("team-filters");
        return bar;
    }

    private void configureGrid() {
        members.addComponentColumn(this::nameCell)
                .setHeader("Name")
                .setKey("name")
                .setComparator(
                        Comparator.comparing((Row r) -> r.member().displayName().toLowerCase(Locale.ROOT)))
                .setAutoWidth(true)
                .setFlexGrow(1);
        members.addColumn(r -> r.member().email())
                .setHeader("Email")
                .setKey("email")
                .setComparator(Comparator.comparing((Row r) -> r.member().email()))
                .setAutoWidth(true)
                .setFlexGrow(1);
        members.addColumn(r -> r.member().role().label())
                .setHeader("Role")
                .setKey("role")
                .setComparator(Comparator.comparing((Row r) -> r.member().role()))
                .setAutoWidth(true)
                .setFlexGrow(0);
        members.addColumn(r -> TeamText.DAY.format(r.member().joinedAt()))
                .setHeader("Joined")
                .setKey("joined")
                .setComparator(Comparator.comparing((Row r) -> r.member().joinedAt()))
                .setAutoWidth(true)
                .setFlexGrow(0);
        members.addColumn(r -> TeamText.ago(r.member().lastActiveAt(), clock.instant()))
                .setHeader("Last active")
                .setKey("lastActive")
                .setComparator(Comparator.comparing(
                        (Row r) -> r.member().lastActiveAt(), Comparator.nullsFirst(Comparator.naturalOrder())))
                .setTooltipGenerator(r -> r.member().lastActiveAt() == null
                        ? "Not since the console started recording it"
                        : r.member().lastActiveAt().toString())
                .setAutoWidth(true)
                .setFlexGrow(0);
        for (int i = 0; i < resources.size(); i++) {
            int index = i;
            members.addColumn(r -> r.held().get(index).size())
                    .setHeader(resources.get(i).title())
                    .setKey("held-" + i)
                    .setComparator(Comparator.comparingInt(
                            (Row r) -> r.held().get(index).size()))
                    .setPartNameGenerator(r -> "team-number")
                    .setAutoWidth(true)
                    .setFlexGrow(0);
        }
        members.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0)
                .setFrozenToEnd(true);
        members.setMultiSort(false);
        members.addClassName("team-members");
        members.setSizeFull();
    }

    /** Reads the roster and what each member holds: a handful of queries, once per visit or change. */
    void load() {
        List<MemberDetails> roster = directory.roster(workspace.id());
        List<UUID> ids = roster.stream().map(MemberDetails::userId).toList();
        List<Map<UUID, List<MemberResources.Resource>>> held =
                resources.stream().map(r -> r.heldBy(workspace.id(), ids)).toList();
        List<Row> loaded = roster.stream()
                .map(m -> new Row(
                        m,
                        held.stream()
                                .map(h -> h.getOrDefault(m.userId(), List.of()))
                                .toList()))
                .toList();
        rows = new ListDataProvider<>(new ArrayList<>(loaded));
        members.setItems(rows);
        applyFilters();
    }

    private void applyFilters() {
        Role wanted = role.getValue();
        String text = search.getValue().strip().toLowerCase(Locale.ROOT);
        rows.setFilter(r -> (wanted == null || r.member().role() == wanted)
                && (text.isEmpty()
                        || r.member().displayName().toLowerCase(Locale.ROOT).contains(text)
                        || r.member().email().toLowerCase(Locale.ROOT).contains(text)));
        members.setEmptyStateComponent(
                wanted != null || !text.isEmpty()
                        ? new EmptyState(
                                        VaadinIcon.SEARCH.create(),
                                        "No members match",
                                        noMatch(wanted, search.getValue().strip()))
                                .withAction("Clear filters", this::clearFilters)
                        : noMembers());
    }

    /** What the filters ask for, in words: "Nobody is a Viewer.", "No name or email contains "ann"." */
    static String noMatch(Role wanted, String text) {
        if (wanted == null) {
            return "No name or email contains \"" + text + "\".";
        }
        String role = MemberDialogs.article(wanted) + " " + wanted.label();
        return text.isEmpty()
                ? "Nobody in this workspace is " + role + "."
                : "No " + wanted.label() + " has a name or email containing \"" + text + "\".";
    }

    private EmptyState noMembers() {
        EmptyState empty = new EmptyState(
                VaadinIcon.USERS.create(), "No members yet", "Invite people by email to work in this workspace.");
        if (manage) {
            empty.withAction("Invite someone", this::openInviteDialog);
        }
        return empty;
    }

    private void clearFilters() {
        search.clear();
        role.clear();
    }

    private Component nameCell(Row row) {
        Span name = new Span(row.member().displayName());
        name.addClassName("team-name");
        HorizontalLayout cell = new HorizontalLayout(name);
        cell.setSpacing(false);
        cell.setAlignItems(FlexComponent.Alignment.CENTER);
        if (row.member().userId().equals(me)) {
            Span you = new Span("You");
            you.addClassName("team-chip");
            cell.add(you);
        }
        return cell;
    }

    private Component actions(Row row) {
        MemberDetails m = row.member();
        RowActions actions = new RowActions(m.displayName());
        boolean mayTouch = manage && !m.userId().equals(me) && (m.role() != Role.OWNER || ownerPowers);
        if (mayTouch) {
            actions.add(
                    "Change role",
                    () -> MemberDialogs.changeRole(memberships, m, ownerPowers, this::load)
                            .open());
            if (ownerPowers && m.role() != Role.OWNER) {
                actions.add(
                        "Transfer ownership",
                        () -> MemberDialogs.transferOwnership(memberships, m, this::ownershipTransferred)
                                .open());
            }
            actions.addDestructive(
                    "Remove",
                    () -> MemberDialogs.remove(memberships, workspace.name(), m, removalSentences(row), this::load)
                            .open());
        }
        return actions;
    }

    private List<String> removalSentences(Row row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String sentence = TeamText.onRemoval(resources.get(i), row.held().get(i));
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
        }
        return out;
    }

    /**
     * After a transfer the viewer is an Admin. The acting role is read once per request (DD012), so the
     * page asks the directory rather than the context whether they still hold Owner powers.
     */
    private void ownershipTransferred() {
        ownerPowers = directory
                .member(workspace.id(), me)
                .map(m -> m.role() == Role.OWNER)
                .orElse(false);
        invitationsList.editDomains.setVisible(ownerPowers);
        load();
    }

    private void openInviteDialog() {
        if (!manage) {
            return;
        }
        new InviteDialog(invitations, ownerPowers, () -> {
                    invitationsList.refresh();
                    countInvitations();
                })
                .open();
    }

    private void countInvitations() {
        int pending = invitations.list(Set.of(Invitations.Status.PENDING)).size();
        invitationsTab.setLabel(pending == 0 ? "Invitations" : "Invitations (" + pending + ")");
    }
}
