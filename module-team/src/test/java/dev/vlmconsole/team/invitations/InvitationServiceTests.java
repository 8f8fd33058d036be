package dev.vlmconsole.team.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.EmailDelivery;
import dev.vlmconsole.team.Invitations.Invitation;
import dev.vlmconsole.team.Invitations.Link;
import dev.vlmconsole.team.Invitations.Outcome;
import dev.vlmconsole.team.Invitations.Status;
import dev.vlmconsole.team.TeamContexts;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invitations on a real database, wired by the module's auto-configuration: inviting, the outcomes
 * for each address, limits, links that work once, accepting, permissions and tenant isolation. Runs
 * on H2 ({@link InvitationServiceOnH2Test}) and PostgreSQL ({@link InvitationServiceOnPostgresTest}).
 */
abstract class InvitationServiceTests {

    private static final Pattern LINK =
            Pattern.compile(Pattern.quote(TeamContexts.PUBLIC_URL) + "/invite/([A-Za-z0-9_-]{43})");

    TeamContexts.Team team;
    Invitations invitations;
    FakeConsoleContext context;
    RecordingAuditLog audit;
    TestWorkspace workspace;
    TestPerson owner;
    TestPerson admin;

    abstract TeamContexts.Team team();

    @BeforeEach
    void wire() {
        team = team();
        invitations = team.spring().bean(Invitations.class);
        context = team.spring().consoleContext();
        audit = (RecordingAuditLog) team.spring().audit();
        workspace = team.directory().newWorkspace();
        owner = team.directory().newMember(workspace, Role.OWNER);
        admin = team.directory().newMember(workspace, Role.ADMIN);
        team.accounts().register(owner);
        team.accounts().register(admin);
        context.signIn(admin, workspace);
        team.mail().setConfigured(true);
        team.mail().clear();
        team.accounts().reset();
    }

    @AfterEach
    void restore() {
        team.mail().setConfigured(true);
    }

    // ---------------------------------------------------------------- inviting

    @Test
    void several_addresses_are_invited_once_each_in_the_order_given_and_mailed_after_commit() {
        String expiry = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
                .withZone(ZoneOffset.UTC)
                .format(team.clock().instant().plus(Duration.ofDays(7)));
        List<Outcome> outcomes =
                invitations.invite("ann@example.com, bob@example.com\ncarl@example.org; ANN@example.com", Role.MEMBER);

        assertThat(outcomes)
                .extracting(Outcome::email)
                .containsExactly("ann@example.com", "bob@example.com", "carl@example.org");
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Sent.class));
        assertThat(outcomes)
                .allSatisfy(o -> assertThat(((Outcome.Sent) o).link()).isNull());
        assertThat(team.mail().sent())
                .extracting(MailMessage::to)
                .containsExactly("ann@example.com", "bob@example.com", "carl@example.org");
        MailMessage mail = team.mail().sentTo("ann@example.com").getFirst();
        assertThat(mail.kind()).isEqualTo("team.invitation");
        assertThat(mail.subject()).contains(admin.displayName()).contains(workspace.name());
        assertThat(mail.text())
                .contains(workspace.name(), admin.displayName(), "Member", expiry, "ignore")
                .containsPattern(LINK);
        assertThat(mail.html())
                .contains(workspace.name(), "Member", expiry, "ignore")
                .containsPattern(LINK);

        List<Invitation> pending = invitations.list(Set.of(Status.PENDING));
        assertThat(pending)
                .extracting(Invitation::email)
                .containsExactlyInAnyOrder("ann@example.com", "bob@example.com", "carl@example.org");
        assertThat(pending).allSatisfy(i -> {
            assertThat(i.role()).isEqualTo(Role.MEMBER);
            assertThat(i.invitedBy()).isEqualTo(admin.id());
            assertThat(i.invitedByName()).isEqualTo(admin.displayName());
            assertThat(i.expiresAt()).isEqualTo(i.createdAt().plus(Duration.ofDays(7)));
        });
        assertThat(audit.entriesOf(workspace.id()))
                .extracting(e -> e.action())
                .containsExactly("team.invitation.sent", "team.invitation.sent", "team.invitation.sent");
        assertThat(audit.entriesOf(workspace.id()).getFirst().subject().type()).isEqualTo("team.invitation");
    }

    @Test
    void only_a_hash_of_the_token_is_stored() {
        invitations.invite("hash@example.com", Role.MEMBER);
        String token = tokenIn(team.mail().sentTo("hash@example.com").getFirst());

        List<String> stored = team.spring()
                .database()
                .dsl()
                .fetch("select token_hash from team_invitation_tokens")
                .getValues(0, String.class);
        assertThat(stored)
                .doesNotContain(token)
                .contains(InvitationLinks.hash(token).orElseThrow());
    }

    @Test
    void without_a_mail_server_the_link_is_answered_once_and_nothing_is_queued() {
        team.mail().setConfigured(false);

        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("nomail@example.com", Role.VIEWER).getFirst();

        assertThat(sent.link()).matches(LINK);
        assertThat(team.mail().queued()).isEmpty();
        assertThat(invitations.delivery().mailConfigured()).isFalse();
        assertThat(invitations.delivery().notConfiguredReason()).isNotBlank();
        assertThat(invitations.open(token(sent.link()))).isInstanceOf(Link.Open.class);
    }

    @Test
    void an_email_the_outbox_could_not_deliver_shows_on_the_invitation_until_a_resend() {
        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("bounce@example.com", Role.MEMBER).getFirst();
        UUID id = sent.invitation().id();
        assertThat(sent.invitation().delivery()).isEqualTo(EmailDelivery.QUEUED);
        assertThat(invitations.find(id).orElseThrow().delivery()).isEqualTo(EmailDelivery.SENT);

        team.mail().setStatus(team.mail().queuedIds().getLast(), DeliveryStatus.FAILED);

        assertThat(invitations.find(id).orElseThrow().delivery()).isEqualTo(EmailDelivery.FAILED);
        assertThat(invitations.list(EnumSet.of(Status.PENDING)))
                .filteredOn(i -> i.id().equals(id))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.status()).isEqualTo(Status.PENDING);
                    assertThat(i.delivery()).isEqualTo(EmailDelivery.FAILED);
                });

        team.mail().setStatus(team.mail().queuedIds().getLast(), DeliveryStatus.UNCERTAIN);
        assertThat(invitations.find(id).orElseThrow().delivery().notDelivered()).isTrue();

        invitations.resend(id);
        assertThat(invitations.find(id).orElseThrow().delivery()).isEqualTo(EmailDelivery.SENT);

        team.mail().setConfigured(false);
        invitations.resend(id);
        assertThat(invitations.find(id).orElseThrow().delivery()).isEqualTo(EmailDelivery.NONE);
    }

    @Test
    void members_invited_people_and_bad_addresses_are_said_plainly_and_nothing_is_sent_for_them() {
        TestPerson member = team.directory().newMember(workspace, Role.MEMBER);
        Outcome.Sent first = (Outcome.Sent)
                invitations.invite("pending@example.com", Role.MEMBER).getFirst();
        team.mail().clear();

        List<Outcome> outcomes = invitations.invite(
                member.email().toUpperCase()
                        + ", Pending@Example.com, not-an-address, a@b, x@@example.com, new@example.com",
                Role.MEMBER);

        assertThat(outcomes.get(0)).isInstanceOf(Outcome.AlreadyMember.class);
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        Outcome.AlreadyInvited.class,
                        a -> assertThat(a.pending().id())
                                .isEqualTo(first.invitation().id()));
        assertThat(outcomes.subList(2, 5))
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                Outcome.Refused.class,
                                r -> assertThat(r.reason()).contains("not an email address")));
        assertThat(outcomes.get(5)).isInstanceOf(Outcome.Sent.class);
        assertThat(team.mail().sent()).extracting(MailMessage::to).containsExactly("new@example.com");
    }

    @Test
    void no_address_at_all_is_refused_on_the_emails_input() {
        assertThatThrownBy(() -> invitations.invite(" ,\n ", Role.MEMBER))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(Invitations.EMAILS));
    }

    @Test
    void an_owner_limits_invitations_to_allowed_domains() {
        context.signIn(owner, workspace);
        invitations.setAllowedDomains(List.of("Example.com", "@corp.example.org"));
        assertThat(invitations.allowedDomains()).containsExactly("example.com", "corp.example.org");

        List<Outcome> outcomes =
                invitations.invite("in@example.com, out@elsewhere.net, in@corp.example.org", Role.MEMBER);

        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Sent.class);
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class, r -> assertThat(r.reason()).contains("example.com, corp.example.org"));
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Sent.class);
        assertThat(audit.actions()).contains("team.settings.domains_changed");

        invitations.setAllowedDomains(List.of());
        assertThat(invitations.invite("out@elsewhere.net", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.Sent.class);
    }

    @Test
    void allowed_domains_are_an_owners_setting_and_must_be_domain_names() {
        assertThatThrownBy(() -> invitations.setAllowedDomains(List.of("example.com")))
                .isInstanceOf(PermissionDeniedException.class);
        context.signIn(owner, workspace);
        assertThatThrownBy(() -> invitations.setAllowedDomains(List.of("example.com", "not a domain!", "localhost")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(Invitations.DOMAINS);
                    assertThat(e.getMessage()).contains("not", "localhost");
                });
        assertThat(invitations.allowedDomains()).isEmpty();
    }

    @Test
    void the_daily_limit_counts_every_email_and_refuses_a_batch_that_would_pass_it() {
        String hundred =
                IntStream.range(0, 100).mapToObj(i -> "p" + i + "@example.com").collect(Collectors.joining(","));
        assertThat(invitations.invite(hundred, Role.MEMBER)).hasSize(100);
        assertThat(invitations.quota()).isEqualTo(new Invitations.DailyQuota(100, 100));
        team.mail().clear();

        assertThatThrownBy(() -> invitations.invite("one-more@example.com", Role.MEMBER))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(Invitations.EMAILS);
                    assertThat(e.getMessage()).contains("100");
                });
        UUID first = invitations.list(Set.of(Status.PENDING)).getFirst().id();
        assertThatThrownBy(() -> invitations.resend(first)).isInstanceOf(InvalidInputException.class);
        assertThat(team.mail().queued()).isEmpty();

        team.clock().advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(invitations.invite("one-more@example.com", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.Sent.class);
    }

    @Test
    void one_person_cannot_multiply_the_daily_limit_by_creating_workspaces() {
        TestWorkspace second = team.directory().newWorkspace();
        TestWorkspace third = team.directory().newWorkspace();
        team.spring().members().addMember(second, admin, Role.ADMIN);
        team.spring().members().addMember(third, admin, Role.ADMIN);
        String hundred =
                IntStream.range(0, 100).mapToObj(i -> "q" + i + "@example.com").collect(Collectors.joining(","));
        assertThat(invitations.invite(hundred, Role.MEMBER)).hasSize(100);
        context.signIn(admin, second);
        assertThat(invitations.invite(hundred, Role.MEMBER)).hasSize(100);
        context.signIn(admin, third);
        team.mail().clear();

        assertThatThrownBy(() -> invitations.invite("one-more@example.com", Role.MEMBER))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(Invitations.EMAILS);
                    assertThat(e.getMessage()).contains("200").contains("across all workspaces");
                });
        assertThat(team.mail().queued()).isEmpty();
        // the workspace itself has sent nothing: another of its admins may still invite
        TestPerson other = team.directory().newMember(third, Role.ADMIN);
        context.signIn(other, third);
        assertThat(invitations.invite("one-more@example.com", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.Sent.class);

        context.signIn(admin, third);
        team.clock().advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(invitations.invite("yet-another@example.com", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.Sent.class);
    }

    @Test
    void resending_gives_a_new_link_and_expiry_and_the_old_link_says_it_was_replaced() {
        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("again@example.com", Role.MEMBER).getFirst();
        String oldToken = tokenIn(team.mail().sentTo("again@example.com").getFirst());
        team.clock().advance(Duration.ofDays(2));

        Outcome.Sent resent = invitations.resend(sent.invitation().id());

        assertThat(resent.invitation().id()).isEqualTo(sent.invitation().id());
        assertThat(resent.invitation().expiresAt())
                .isEqualTo(sent.invitation().expiresAt().plus(Duration.ofDays(2)));
        List<MailMessage> mails = team.mail().sentTo("again@example.com");
        assertThat(mails).hasSize(2);
        String newToken = tokenIn(mails.get(1));
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(invitations.open(oldToken)).isEqualTo(new Link.Closed(Link.Reason.REPLACED));
        assertThat(invitations.open(newToken)).isInstanceOf(Link.Open.class);
        assertThat(audit.actions()).contains("team.invitation.resent");
        assertThatThrownBy(() -> invitations.acceptAsNewPerson(oldToken, "Again", "a long enough password"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_expired_invitation_is_listed_as_expired_and_can_be_resent() {
        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("late@example.com", Role.MEMBER).getFirst();
        String token = tokenIn(team.mail().sentTo("late@example.com").getFirst());
        team.clock().advance(Duration.ofDays(7));

        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.EXPIRED));
        assertThat(invitations.find(sent.invitation().id()).orElseThrow().status())
                .isEqualTo(Status.EXPIRED);
        assertThat(invitations.list(Set.of(Status.PENDING))).isEmpty();
        assertThat(invitations.list(Set.of(Status.EXPIRED)))
                .extracting(Invitation::email)
                .containsExactly("late@example.com");
        assertThat(invitations.invite("late@example.com", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.AlreadyInvited.class);

        invitations.resend(sent.invitation().id());
        assertThat(invitations.list(Set.of(Status.PENDING)))
                .extracting(Invitation::email)
                .containsExactly("late@example.com");
    }

    @Test
    void a_revoked_link_stops_working_and_an_accepted_invitation_cannot_be_revoked_or_resent() {
        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("gone@example.com", Role.MEMBER).getFirst();
        String token = tokenIn(team.mail().sentTo("gone@example.com").getFirst());

        invitations.revoke(sent.invitation().id());

        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.REVOKED));
        assertThat(invitations.list(Set.of(Status.REVOKED)))
                .extracting(Invitation::email)
                .containsExactly("gone@example.com");
        assertThat(audit.actions()).contains("team.invitation.revoked");
        assertThatThrownBy(() -> invitations.resend(sent.invitation().id())).isInstanceOf(IllegalStateException.class);
        // the address may be invited again
        assertThat(invitations.invite("gone@example.com", Role.MEMBER).getFirst())
                .isInstanceOf(Outcome.Sent.class);

        Outcome.Sent other = (Outcome.Sent)
                invitations.invite("taken@example.com", Role.MEMBER).getFirst();
        invitations.acceptAsNewPerson(
                tokenIn(team.mail().sentTo("taken@example.com").getFirst()), "Taken", "a long enough password");
        assertThatThrownBy(() -> invitations.revoke(other.invitation().id())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> invitations.resend(other.invitation().id())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_token_never_issued_or_malformed_is_unknown() {
        assertThat(invitations.open("nonsense")).isEqualTo(new Link.Closed(Link.Reason.UNKNOWN));
        assertThat(invitations.open(null)).isEqualTo(new Link.Closed(Link.Reason.UNKNOWN));
        assertThat(invitations.open("A".repeat(43))).isEqualTo(new Link.Closed(Link.Reason.UNKNOWN));
        assertThatThrownBy(() -> invitations.acceptAsNewPerson("A".repeat(43), "X", "a long enough password"))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- accepting

    @Test
    void a_new_person_accepts_is_signed_in_and_joins_with_the_invited_role_and_the_link_is_used_up() {
        invitations.invite("newbie@example.com", Role.VIEWER);
        String token = tokenIn(team.mail().sentTo("newbie@example.com").getFirst());
        context.signOut();

        Link link = invitations.open(token);
        assertThat(link).isInstanceOfSatisfying(Link.Open.class, open -> {
            assertThat(open.email()).isEqualTo("newbie@example.com");
            assertThat(open.workspaceName()).isEqualTo(workspace.name());
            assertThat(open.role()).isEqualTo(Role.VIEWER);
            assertThat(open.invitedByName()).isEqualTo(admin.displayName());
            assertThat(open.hasAccount()).isFalse();
        });

        UUID joined = invitations.acceptAsNewPerson(token, "New Bie", "a long enough password");

        assertThat(joined).isEqualTo(workspace.id());
        var account = team.accounts().byEmail("newbie@example.com").orElseThrow();
        assertThat(team.accounts().signedIn()).contains(account);
        assertThat(team.directory()
                        .member(workspace.id(), account.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.VIEWER);
        // used up: the person who joined is welcomed (the page opens the workspace), anyone else told so
        assertThat(invitations.open(token)).isEqualTo(new Link.Joined(workspace.id(), workspace.name(), Role.VIEWER));
        team.accounts().reset();
        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.ACCEPTED));
        team.accounts().signIn(account.id());
        var accepted = audit.last();
        assertThat(accepted.action()).isEqualTo("team.invitation.accepted");
        assertThat(accepted.workspaceId()).isEqualTo(workspace.id());
        assertThat(accepted.actor().id()).isEqualTo(account.id());
        assertThatThrownBy(() -> invitations.acceptAsNewPerson(token, "Twice", "a long enough password"))
                .isInstanceOf(IllegalStateException.class);
        context.signIn(admin, workspace);
        assertThat(invitations.list(Set.of(Status.ACCEPTED)))
                .extracting(Invitation::email)
                .containsExactly("newbie@example.com");
    }

    @Test
    void a_refused_name_or_password_changes_nothing_and_the_link_still_works() {
        invitations.invite("careful@example.com", Role.MEMBER);
        String token = tokenIn(team.mail().sentTo("careful@example.com").getFirst());
        context.signOut();

        assertThatThrownBy(() -> invitations.acceptAsNewPerson(token, " ", "short"))
                .isInstanceOf(InvalidInputException.class);

        assertThat(team.accounts().byEmail("careful@example.com")).isEmpty();
        assertThat(invitations.open(token)).isInstanceOf(Link.Open.class);
    }

    @Test
    void a_signed_in_person_with_the_invited_address_joins_and_another_address_is_refused() {
        TestPerson existing = team.directory().newPerson();
        team.accounts().register(existing);
        TestPerson stranger = team.directory().newPerson();
        team.accounts().register(stranger);
        invitations.invite(existing.email(), Role.MEMBER);
        String token = tokenIn(team.mail().sentTo(existing.email()).getFirst());
        assertThat(invitations.open(token))
                .isInstanceOfSatisfying(
                        Link.Open.class, o -> assertThat(o.hasAccount()).isTrue());
        context.signOut();

        team.accounts().signIn(stranger.id());
        assertThatThrownBy(() -> invitations.acceptAsSignedIn(token)).isInstanceOf(PermissionDeniedException.class);
        assertThat(team.directory().member(workspace.id(), stranger.id())).isEmpty();
        assertThat(invitations.open(token)).isInstanceOf(Link.Open.class);

        team.accounts().signIn(existing.id());
        assertThat(invitations.acceptAsSignedIn(token)).isEqualTo(workspace.id());
        assertThat(team.directory()
                        .member(workspace.id(), existing.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.MEMBER);
        assertThat(invitations.open(token)).isEqualTo(new Link.Joined(workspace.id(), workspace.name(), Role.MEMBER));
        team.accounts().signIn(stranger.id());
        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.ACCEPTED));
        assertThat(audit.last().action()).isEqualTo("team.invitation.accepted");
    }

    @Test
    void a_new_person_whose_address_has_an_account_now_must_sign_in() {
        invitations.invite("late-signup@example.com", Role.MEMBER);
        String token = tokenIn(team.mail().sentTo("late-signup@example.com").getFirst());
        team.accounts().create("late-signup@example.com", "Late", "a long enough password");

        assertThatThrownBy(() -> invitations.acceptAsNewPerson(token, "Late", "a long enough password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sign in");
    }

    // ---------------------------------------------------------------- permissions and tenants

    @Test
    void members_and_viewers_cannot_invite_resend_or_revoke_and_viewers_may_list() {
        Outcome.Sent sent =
                (Outcome.Sent) invitations.invite("x@example.com", Role.MEMBER).getFirst();
        TestPerson member = team.directory().newMember(workspace, Role.MEMBER);
        TestPerson billing = team.directory().newMember(workspace, Role.BILLING);
        TestPerson viewer = team.directory().newMember(workspace, Role.VIEWER);

        for (TestPerson p : List.of(member, billing, viewer)) {
            context.signIn(p, workspace);
            assertThatThrownBy(() -> invitations.invite("y@example.com", Role.MEMBER))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> invitations.resend(sent.invitation().id()))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> invitations.revoke(sent.invitation().id()))
                    .isInstanceOf(PermissionDeniedException.class);
        }
        context.signIn(billing, workspace);
        assertThatThrownBy(() -> invitations.list(EnumSet.allOf(Status.class)))
                .isInstanceOf(PermissionDeniedException.class);
        context.signIn(viewer, workspace);
        assertThat(invitations.list(EnumSet.allOf(Status.class))).hasSize(1);
        assertThat(team.mail().sent()).hasSize(1);
    }

    @Test
    void only_an_owner_invites_an_owner_or_resends_an_owners_invitation() {
        assertThatThrownBy(() -> invitations.invite("boss@example.com", Role.OWNER))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(invitations.list(EnumSet.allOf(Status.class))).isEmpty();

        context.signIn(owner, workspace);
        Outcome.Sent sent = (Outcome.Sent)
                invitations.invite("boss@example.com", Role.OWNER).getFirst();
        context.signIn(admin, workspace);
        assertThatThrownBy(() -> invitations.resend(sent.invitation().id()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(invitations.invite("admin2@example.com", Role.ADMIN).getFirst())
                .isInstanceOf(Outcome.Sent.class);
    }

    @Test
    void an_invitation_whose_inviter_lost_the_right_to_grant_the_role_is_refused_when_accepted() {
        invitations.invite("orphan@example.com", Role.MEMBER);
        String token = tokenIn(team.mail().sentTo("orphan@example.com").getFirst());
        team.spring().members().changeRole(workspace, admin, Role.VIEWER);
        context.signOut();

        assertThatThrownBy(() -> invitations.acceptAsNewPerson(token, "Orphan", "a long enough password"))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(invitations.open(token)).isInstanceOf(Link.Open.class);
    }

    @Test
    void another_workspaces_invitation_is_unknown_and_stays_as_it_was() {
        TestWorkspace other = team.directory().newWorkspace();
        TestPerson otherAdmin = team.directory().newMember(other, Role.ADMIN);
        context.signIn(otherAdmin, other);
        Outcome.Sent theirs = (Outcome.Sent)
                invitations.invite("theirs@example.com", Role.MEMBER).getFirst();
        UUID id = theirs.invitation().id();
        context.signIn(admin, workspace);

        assertThat(invitations.find(id)).isEmpty();
        assertThatThrownBy(() -> invitations.resend(id)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> invitations.revoke(id)).isInstanceOf(NoSuchElementException.class);
        assertThat(invitations.list(EnumSet.allOf(Status.class))).isEmpty();

        context.signIn(otherAdmin, other);
        Invitation unchanged = invitations.find(id).orElseThrow();
        assertThat(unchanged.status()).isEqualTo(Status.PENDING);
        assertThat(unchanged.expiresAt()).isEqualTo(theirs.invitation().expiresAt());
        assertThat(team.mail().sentTo("theirs@example.com")).hasSize(1);
    }

    @Test
    void concurrent_invitations_of_one_address_leave_one_pending_invitation_and_one_email() throws Exception {
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Outcome> invite = () -> {
                    start.await();
                    return invitations.invite("race@example.com", Role.MEMBER).getFirst();
                };
                results.add(pool.submit(invite));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(o -> o instanceof Outcome.Sent).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o instanceof Outcome.AlreadyInvited)
                    .hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(invitations.list(Set.of(Status.PENDING))).hasSize(1);
        assertThat(team.mail().sentTo("race@example.com")).hasSize(1);
    }

    private static String tokenIn(MailMessage mail) {
        return token(mail.text());
    }

    private static String token(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a link in " + text).isTrue();
        return m.group(1);
    }
}
