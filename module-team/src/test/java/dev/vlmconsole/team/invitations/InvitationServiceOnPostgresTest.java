package dev.vlmconsole.team.invitations;

import dev.vlmconsole.team.TeamContexts;

/** {@link InvitationServiceTests} on PostgreSQL. */
class InvitationServiceOnPostgresTest extends InvitationServiceTests {

    @Override
    TeamContexts.Team team() {
        return TeamContexts.postgres();
    }
}
