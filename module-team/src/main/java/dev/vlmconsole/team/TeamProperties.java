package dev.vlmconsole.team;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Team module's settings, {@code console.team.*}, bound by {@link TeamAutoConfiguration} and
 * checked at start-up: a value out of range stops the start with a message naming the setting. The
 * README's configuration table describes each one.
 *
 * @param invitationTtl      how long an invitation's link works (from its latest send)
 * @param invitationsPerDay  the most invitation emails (invites and resends) one workspace may send
 *                           in 24 hours, so that the console is no spam relay
 * @param invitationsPerInviterPerDay the most invitation emails of one person's invitations in 24 hours
 *                           across all workspaces: anyone signed in may create workspaces, so the
 *                           per-workspace limit alone could be multiplied. 200 lets one person fill
 *                           two workspaces' daily limits (onboarding a team, then another) yet caps
 *                           what a throwaway account can send
 */
@ConfigurationProperties("console.team")
public record TeamProperties(
        @DefaultValue("P7D") Duration invitationTtl,
        @DefaultValue("100") int invitationsPerDay,
        @DefaultValue("200") int invitationsPerInviterPerDay) {

    public TeamProperties {
        if (invitationTtl == null || invitationTtl.compareTo(Duration.ofMinutes(5)) < 0) {
            throw new IllegalArgumentException(
                    "console.team.invitation-ttl must be at least 5 minutes, such as P7D, not " + invitationTtl);
        }
        if (invitationsPerDay < 1) {
            throw new IllegalArgumentException(
                    "console.team.invitations-per-day must be at least 1, not " + invitationsPerDay);
        }
        if (invitationsPerInviterPerDay < 1) {
            throw new IllegalArgumentException("console.team.invitations-per-inviter-per-day must be at least 1, not "
                    + invitationsPerInviterPerDay);
        }
    }
}
