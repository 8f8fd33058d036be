package dev.vlmconsole.team;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.team.api.TeamApiController;
import dev.vlmconsole.team.invitations.InvitationLinks;
import dev.vlmconsole.team.invitations.InvitationRepository;
import dev.vlmconsole.team.invitations.InvitationService;
import dev.vlmconsole.team.ui.TeamPages;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Found by Spring Boot from this jar: contributes the Team module to the console. Its settings are
 * {@link TeamProperties} ({@code console.team.*}); invitation links are made with the
 * console's {@link ConsoleLinks} ({@code console.public-url}).
 */
@AutoConfiguration
@Import({TeamApiController.class, TeamPages.class})
@EnableConfigurationProperties(TeamProperties.class)
public class TeamAutoConfiguration {

    @Bean
    ConsoleModule teamModule() {
        return new TeamModule();
    }

    @Bean
    InvitationRepository invitationRepository(DSLContext db) {
        return new InvitationRepository(db);
    }

    @Bean
    InvitationLinks invitationLinks(ObjectProvider<ConsoleLinks> links) {
        return new InvitationLinks(links::getObject);
    }

    /**
     * The console's services are looked up on use: the console provides them, whatever the bean order.
     * The service is the console's {@link PendingInvitations} too (module-api 1.5): single sign-on and
     * SCIM provisioning find and make invitations through it.
     */
    @Bean
    InvitationService invitations(
            InvitationRepository repository,
            InvitationLinks links,
            ConsoleContext context,
            MemberDirectory directory,
            ObjectProvider<Memberships> memberships,
            ObjectProvider<Accounts> accounts,
            ObjectProvider<OutboundMail> mail,
            ObjectProvider<SignInOptions> signIn,
            AuditLog audit,
            ObjectProvider<Clock> clock,
            TeamProperties settings) {
        return new InvitationService(
                repository,
                links,
                context,
                directory,
                memberships::getObject,
                accounts::getObject,
                mail::getObject,
                signIn::getIfAvailable,
                audit,
                clock.getIfAvailable(Clock::systemUTC),
                settings.invitationTtl(),
                settings.invitationsPerDay(),
                settings.invitationsPerInviterPerDay());
    }
}
