package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import java.util.Set;

/** Dashboard card: how many members the workspace has and how many invitations wait. */
public class TeamCard extends Div {

    public TeamCard(ConsoleContext context, MemberDirectory directory, Invitations invitations) {
        addClassName("team-card");
        int members = directory.members(context.workspaceId()).size();
        int pending = invitations.list(Set.of(Invitations.Status.PENDING)).size();
        add(new Paragraph(TeamText.plural(members, "member") + " · "
                + (pending == 0 ? "no pending invitations" : TeamText.plural(pending, "pending invitation"))));
        add(new Anchor(TeamModule.PATH, "Manage the team"));
    }
}
