package dev.vlmconsole.team.invitations;

import dev.vlmconsole.team.TeamContexts;

/** {@link PendingInvitationsTests} on PostgreSQL. */
class PendingInvitationsOnPostgresTest extends PendingInvitationsTests {

    @Override
    TeamContexts.Team team() {
        return TeamContexts.postgres();
    }
}
