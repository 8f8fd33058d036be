package dev.vlmconsole.team.invitations;

import dev.vlmconsole.team.TeamContexts;

/** {@link InvitationServiceTests} on H2. */
class InvitationServiceOnH2Test extends InvitationServiceTests {

    @Override
    TeamContexts.Team team() {
        return TeamContexts.h2();
    }
}
