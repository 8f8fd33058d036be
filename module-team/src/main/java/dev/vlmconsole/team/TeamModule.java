package dev.vlmconsole.team;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.di.Instantiator;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.team.ui.TeamCard;
import dev.vlmconsole.team.ui.TeamView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Descriptor of the Team module: its permissions, the Team page and its dashboard card. The accept
 * page of an invitation ({@code invite/<token>}) opens without signing in, so it is no navigation
 * entry: {@code TeamAutoConfiguration} registers it (see {@link dev.vlmconsole.team.ui.InviteView}).
 */
public final class TeamModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "team";
    /** See members and invitations. */
    public static final String READ = "team.read";
    /** Invite and remove members, change roles. */
    public static final String MANAGE = "team.manage";
    /** Path of the Team page. */
    public static final String PATH = "team";
    /** Audit target type of an invitation; the id is the invitation's id, the label its address. */
    public static final String INVITATION_TARGET = "team.invitation";
    /** Audit target type of a workspace's team settings (the allowed domains). */
    public static final String SETTINGS_TARGET = "team.settings";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Team";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/team");
    }

    /** Admin keys read and manage members and invitations as far as their owner's role allows. */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(READ, MANAGE));
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(NavigationEntry.builder(PATH, TeamView.class)
                .title("Team")
                .icon("vaadin:users")
                .requires(READ)
                .order(10)
                .build());
    }

    /** The card is made by the page's instantiator, so that it gets the module's services as a view does. */
    @Override
    public List<DashboardCard> dashboardCards() {
        return List.of(DashboardCard.builder(
                        "team.summary",
                        context -> Instantiator.get(UI.getCurrent()).getOrCreate(TeamCard.class))
                .title("Team")
                .requires(READ)
                .order(20)
                .build());
    }

    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of(INVITATION_TARGET, "Invitation", SETTINGS_TARGET, "Team settings");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(READ)
                        .description("See members and invitations")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)
                        .build(),
                Permission.builder(MANAGE)
                        .description("Invite, remove members and change roles")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build());
    }
}
