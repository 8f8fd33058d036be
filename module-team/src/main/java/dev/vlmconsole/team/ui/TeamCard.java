package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;

/** Dashboard card: how many members the workspace has and how many invitations wait. */
public class TeamCard extends Div {

    /** @param invitations the invitation service; a console without one shows the members only */
    public TeamCard(ConsoleContext context, MemberDirectory directory, ObjectProvider<Invitations> invitations) {
        addClassName("team-card");
        String members =
                TeamText.plural(directory.members(context.workspaceId()).size(), "member");
        Invitations service = invitations.getIfAvailable();
        if (service == null) {
            add(new Paragraph(members));
        } else {
            int pending = service.list(Set.of(Invitations.Status.PENDING)).size();
            add(new Paragraph(members + " · "
                    + (pending == 0 ? "no pending invitations" : TeamText.plural(pending, "pending invitation"))));
        }
        add(new Anchor(TeamModule.PATH, "Manage the team"));
    }
}
