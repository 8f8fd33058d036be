package dev.vlmconsole.team.invitations;

import dev.vlmconsole.team.TeamContexts;

/** {@link PendingInvitationsTests} on H2. */
class PendingInvitationsOnH2Test extends PendingInvitationsTests {

    @Override
    TeamContexts.Team team() {
        return TeamContexts.h2();
    }
}
