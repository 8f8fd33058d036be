package dev.vlmconsole.team.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.api.services.PendingInvitations.Pending;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Invitation;
import dev.vlmconsole.team.Invitations.Link;
import dev.vlmconsole.team.Invitations.Status;
import dev.vlmconsole.team.TeamContexts;
import dev.vlmconsole.team.TestSignInOptions;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Team module as the console's {@link PendingInvitations} (module-api 1.5), on a real database
 * wired by the module's auto-configuration: what single sign-on finds and accepts, and what a
 * workspace's SCIM key provisions and revokes (DD038). Runs on H2 and PostgreSQL.
 */
abstract class PendingInvitationsTests {

    private static final Pattern LINK =
            Pattern.compile(Pattern.quote(TeamContexts.PUBLIC_URL) + "/invite/([A-Za-z0-9_-]{43})");

    TeamContexts.Team team;
    PendingInvitations pending;
    Invitations invitations;
    FakeConsoleContext context;
    RecordingAuditLog audit;
    TestWorkspace workspace;
    TestPerson owner;
    TestPerson admin;
    ApiKeyPrincipal scimKey;

    abstract TeamContexts.Team team();

    @BeforeEach
    void wire() {
        team = team();
        pending = team.spring().bean(PendingInvitations.class);
        invitations = team.spring().bean(Invitations.class);
        context = team.spring().consoleContext();
        audit = (RecordingAuditLog) team.spring().audit();
        workspace = team.directory().newWorkspace();
        owner = team.directory().newMember(workspace, Role.OWNER);
        admin = team.directory().newMember(workspace, Role.ADMIN);
        team.accounts().register(owner);
        team.accounts().register(admin);
        scimKey = scimKeyOf(workspace);
        context.signIn(admin, workspace);
        team.mail().setConfigured(true);
        team.mail().clear();
        team.accounts().reset();
    }

    @AfterEach
    void restore() {
        team.mail().setConfigured(true);
        signInOptions().off();
    }

    private TestSignInOptions signInOptions() {
        return (TestSignInOptions) team.spring().bean(SignInOptions.class);
    }

    // ---------------------------------------------------------------- single sign-on: pendingFor and accept

    @Test
    void pending_for_an_address_lists_every_workspace_oldest_first_and_only_pending_ones() {
        String email = address("sso");
        TestWorkspace expiring = newWorkspaceWithAdmin();
        invitations.invite(email, Role.VIEWER); // the oldest, expired below
        team.clock().advance(Duration.ofDays(8));
        TestWorkspace first = newWorkspaceWithAdmin();
        invitations.invite(email, Role.MEMBER);
        team.clock().advance(Duration.ofMinutes(1));
        TestWorkspace second = newWorkspaceWithAdmin();
        invitations.invite(email.toUpperCase(), Role.ADMIN); // addresses compare as sign-in compares them
        team.clock().advance(Duration.ofMinutes(1));
        newWorkspaceWithAdmin();
        Invitation revoked = sent(invitations.invite(email, Role.MEMBER));
        invitations.revoke(revoked.id());
        newWorkspaceWithAdmin();
        Invitation used = sent(invitations.invite(email, Role.MEMBER));
        TestPerson person = team.spring().members().newPerson(email, "Sso Person");
        team.directory().known(person);
        team.accounts().register(person);
        pending.accept(used.id(), person.id());
        context.signIn(admin, expiring);

        List<Pending> found = pending.pendingFor(" " + email.toUpperCase() + " ");

        assertThat(found).extracting(Pending::workspaceId).containsExactly(first.id(), second.id());
        assertThat(found).extracting(Pending::role).containsExactly(Role.MEMBER, Role.ADMIN);
        assertThat(found).allSatisfy(p -> assertThat(p.provisioningKeyId()).isNull());
        assertThat(found.getFirst().expiresAt()).isAfter(team.clock().instant());
        assertThat(pending.pendingFor(address("nobody"))).isEmpty();
        assertThat(pending.pendingFor(" ")).isEmpty();
    }

    @Test
    void accepting_joins_through_memberships_marks_the_invitation_accepted_and_audits_it() {
        TestPerson person = team.directory().newPerson();
        team.accounts().register(person);
        invitations.invite(person.email(), Role.MEMBER);
        Pending invitation = pending.pendingFor(person.email()).getFirst();
        context.signOut(); // single sign-on accepts before anyone is signed in

        pending.accept(invitation.invitationId(), person.id());

        assertThat(team.directory()
                        .member(workspace.id(), person.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.MEMBER);
        assertThat(pending.pendingFor(person.email())).isEmpty();
        AuditEntry entry = audit.last();
        assertThat(entry.action()).isEqualTo("team.invitation.accepted");
        assertThat(entry.workspaceId()).isEqualTo(workspace.id());
        assertThat(entry.actor().id()).isEqualTo(person.id());
        assertThatThrownBy(() -> pending.accept(invitation.invitationId(), person.id()))
                .isInstanceOf(NoSuchElementException.class);
        context.signIn(admin, workspace);
        assertThat(invitations.list(Set.of(Status.ACCEPTED)))
                .extracting(Invitation::email)
                .containsExactly(person.email());
    }

    @Test
    void accepting_for_another_address_is_refused_and_changes_nothing() {
        TestPerson invited = team.directory().newPerson();
        TestPerson other = team.directory().newPerson();
        team.accounts().register(other);
        invitations.invite(invited.email(), Role.MEMBER);
        Pending invitation = pending.pendingFor(invited.email()).getFirst();
        int entries = audit.entries().size();

        assertThatThrownBy(() -> pending.accept(invitation.invitationId(), other.id()))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(Invitations.WRONG_ADDRESS));
        assertThatThrownBy(() -> pending.accept(UUID.randomUUID(), other.id()))
                .isInstanceOf(NoSuchElementException.class);

        assertThat(team.directory().member(workspace.id(), other.id())).isEmpty();
        assertThat(pending.pendingFor(invited.email())).hasSize(1);
        assertThat(audit.entries()).hasSize(entries);
    }

    @Test
    void a_person_who_is_already_a_member_only_has_the_invitation_marked_accepted() {
        TestPerson person = team.directory().newPerson();
        team.accounts().register(person);
        invitations.invite(person.email(), Role.ADMIN);
        Pending invitation = pending.pendingFor(person.email()).getFirst();
        team.spring().members().addMember(workspace, person, Role.VIEWER);

        pending.accept(invitation.invitationId(), person.id());

        assertThat(team.directory()
                        .member(workspace.id(), person.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.VIEWER);
        assertThat(pending.pendingFor(person.email())).isEmpty();
    }

    // ---------------------------------------------------------------- SCIM: provision and revokeProvisioned

    @Test
    void a_scim_key_provisions_an_invitation_sent_as_any_other_and_audited_with_the_key_as_actor() {
        String email = address("okta");
        context.useApiKey(scimKey);

        Pending p = pending.provision(email, Role.MEMBER);

        assertThat(p.workspaceId()).isEqualTo(workspace.id());
        assertThat(p.provisioningKeyId()).isEqualTo(scimKey.keyId());
        assertThat(p.role()).isEqualTo(Role.MEMBER);
        MailMessage mail = team.mail().sentTo(email).getFirst();
        assertThat(mail.subject()).isEqualTo("Your identity provider (SCIM) invited you to " + workspace.name());
        assertThat(mail.text())
                .startsWith("Your identity provider (SCIM) invited you to join the workspace " + workspace.name())
                .containsPattern(LINK);
        AuditEntry entry = audit.last();
        assertThat(entry.action()).isEqualTo("team.invitation.provisioned");
        assertThat(entry.workspaceId()).isEqualTo(workspace.id());
        assertThat(entry.actor().kind()).isEqualTo(Actor.Kind.API_KEY);
        assertThat(entry.actor().id()).isEqualTo(scimKey.keyId());
        assertThat(entry.subject().id()).isEqualTo(p.invitationId().toString());

        context.signIn(admin, workspace);
        Invitation listed = invitations.find(p.invitationId()).orElseThrow();
        assertThat(listed.provisioned()).isTrue();
        assertThat(listed.invitedBy()).isNull();
        assertThat(listed.invitedByName()).isEqualTo(Invitations.PROVISIONED_BY);
        assertThat(invitations.open(token(mail.text()))).isInstanceOfSatisfying(Link.Open.class, open -> {
            assertThat(open.provisioned()).isTrue();
            assertThat(open.invitedByName()).isEqualTo(Invitations.PROVISIONED_BY);
        });
    }

    @Test
    void provisioned_invitations_do_not_count_against_the_daily_limit_and_work_when_it_is_used_up() {
        String batch =
                IntStream.range(0, 100).mapToObj(i -> address("batch" + i)).collect(Collectors.joining(","));
        invitations.invite(batch, Role.VIEWER);
        assertThat(invitations.quota()).isEqualTo(new Invitations.DailyQuota(100, 100));
        assertThatThrownBy(() -> invitations.invite(address("refused"), Role.MEMBER))
                .isInstanceOf(InvalidInputException.class);
        context.useApiKey(scimKey);

        List<Pending> provisioned = IntStream.range(0, 3)
                .mapToObj(i -> pending.provision(address("scim" + i), Role.MEMBER))
                .toList();

        assertThat(provisioned).hasSize(3);
        assertThat(team.mail().sent()).hasSize(103);
        context.signIn(admin, workspace);
        assertThat(invitations.quota()).isEqualTo(new Invitations.DailyQuota(100, 100));
    }

    @Test
    void provisioning_is_idempotent_for_a_pending_provisioned_invitation_of_that_address() {
        String email = address("retry");
        context.useApiKey(scimKey);
        Pending first = pending.provision(email, Role.MEMBER);
        int entries = audit.entries().size();

        Pending again = pending.provision(email.toUpperCase(), Role.ADMIN);

        assertThat(again).isEqualTo(first);
        assertThat(team.mail().sentTo(email)).hasSize(1);
        assertThat(audit.entries()).hasSize(entries);
    }

    @Test
    void provisioning_takes_over_a_members_pending_invitation_without_a_second_email() {
        String email = address("taken");
        invitations.invite(email, Role.VIEWER);
        String token = token(team.mail().sentTo(email).getFirst().text());
        context.useApiKey(scimKey);

        Pending p = pending.provision(email, Role.MEMBER);

        assertThat(p.provisioningKeyId()).isEqualTo(scimKey.keyId());
        assertThat(p.role()).isEqualTo(Role.MEMBER);
        assertThat(team.mail().sentTo(email)).hasSize(1);
        assertThat(invitations.open(token)).isInstanceOfSatisfying(Link.Open.class, open -> {
            assertThat(open.provisioned()).isTrue();
            assertThat(open.role()).isEqualTo(Role.MEMBER);
        });
        assertThat(audit.last().action()).isEqualTo("team.invitation.provisioned");
        assertThat(pending.revokeProvisioned(email)).isEqualTo(1); // so the identity provider's delete reaches it
    }

    @Test
    void provisioning_is_refused_to_people_other_keys_and_bad_addresses() {
        String email = address("refused");
        // a signed-in Owner
        context.signIn(owner, workspace);
        assertThatThrownBy(() -> pending.provision(email, Role.MEMBER)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> pending.revokeProvisioned(email)).isInstanceOf(PermissionDeniedException.class);
        // an admin key
        context.useApiKey(new ApiKeyPrincipal(
                UUID.randomUUID(), workspace.id(), owner.id(), "automation", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
        assertThatThrownBy(() -> pending.provision(email, Role.MEMBER)).isInstanceOf(PermissionDeniedException.class);
        // nobody
        context.signOut();
        assertThatThrownBy(() -> pending.provision(email, Role.MEMBER)).isInstanceOf(PermissionDeniedException.class);
        // the SCIM key, with something that is not an address, or a member's address
        context.useApiKey(scimKey);
        assertThatThrownBy(() -> pending.provision("not an address", Role.MEMBER))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> pending.provision(admin.email(), Role.MEMBER))
                .isInstanceOf(AlreadyAMemberException.class);

        assertThat(pending.pendingFor(email)).isEmpty();
        assertThat(team.mail().sent()).isEmpty();
    }

    @Test
    void revoking_provisioned_invitations_touches_this_workspaces_provisioned_ones_only() {
        String provisioned = address("leaver");
        String invitedByAMember = address("kept");
        invitations.invite(invitedByAMember, Role.MEMBER);
        TestWorkspace other = newWorkspaceWithAdmin();
        invitations.invite(provisioned, Role.MEMBER); // the same address, invited in another workspace
        context.useApiKey(scimKey);
        Pending p = pending.provision(provisioned, Role.MEMBER);
        String token = token(team.mail().sentTo(provisioned).getLast().text());

        // another workspace's SCIM key reaches nothing here
        context.useApiKey(scimKeyOf(other));
        assertThat(pending.revokeProvisioned(provisioned)).isZero();
        context.useApiKey(scimKey);
        assertThat(pending.revokeProvisioned(invitedByAMember)).isZero();

        assertThat(pending.revokeProvisioned(provisioned.toUpperCase())).isEqualTo(1);

        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.REVOKED));
        AuditEntry entry = audit.last();
        assertThat(entry.action()).isEqualTo("team.invitation.revoked");
        assertThat(entry.workspaceId()).isEqualTo(workspace.id());
        assertThat(entry.actor().id()).isEqualTo(scimKey.keyId());
        assertThat(pending.revokeProvisioned(provisioned)).isZero();
        assertThat(pending.pendingFor(provisioned))
                .extracting(Pending::workspaceId)
                .containsExactly(other.id());
        assertThat(pending.pendingFor(invitedByAMember))
                .extracting(Pending::invitationId)
                .doesNotContain(p.invitationId())
                .hasSize(1);
    }

    @Test
    void a_provisioned_invitation_joins_on_the_scim_keys_authority_checked_when_accepted() {
        TestPerson person = team.directory().newPerson();
        team.accounts().register(person);
        team.memberships().activateScimKey(workspace.id(), scimKey.keyId());
        context.useApiKey(scimKey);
        Pending p = pending.provision(person.email(), Role.VIEWER);
        context.signOut();

        team.memberships().revokeScimKey(workspace.id(), scimKey.keyId());
        assertThatThrownBy(() -> pending.accept(p.invitationId(), person.id()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(pending.pendingFor(person.email())).containsExactly(p);

        team.memberships().activateScimKey(workspace.id(), scimKey.keyId());
        pending.accept(p.invitationId(), person.id());

        assertThat(team.memberships().provisionedJoins())
                .contains(workspace.id() + " " + person.id() + " VIEWER " + scimKey.keyId());
        assertThat(team.directory()
                        .member(workspace.id(), person.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.VIEWER);
        assertThat(pending.pendingFor(person.email())).isEmpty();
        assertThat(audit.last().action()).isEqualTo("team.invitation.accepted");
    }

    @Test
    void an_admin_resends_and_revokes_a_provisioned_invitation_which_has_no_inviter() {
        String email = address("resend");
        context.useApiKey(scimKey);
        Pending p = pending.provision(email, Role.MEMBER);
        context.signIn(admin, workspace);
        int used = invitations.quota().used();

        Invitations.Outcome.Sent sent = invitations.resend(p.invitationId());

        assertThat(sent.invitation().provisioned()).isTrue();
        assertThat(team.mail().sentTo(email)).hasSize(2);
        assertThat(team.mail().sentTo(email).getLast().subject()).startsWith("Your identity provider (SCIM)");
        assertThat(invitations.quota().used()).isEqualTo(used + 1); // a person resent it: that counts
        invitations.revoke(p.invitationId());
        assertThat(invitations.find(p.invitationId()).orElseThrow().status()).isEqualTo(Status.REVOKED);
    }

    @Test
    void an_sso_only_console_creates_no_account_with_a_password_on_an_invitation() {
        String email = address("only");
        invitations.invite(email, Role.MEMBER);
        String token = token(team.mail().sentTo(email).getFirst().text());
        context.signOut();
        signInOptions().on("Sign in with Keycloak", true);

        assertThatThrownBy(() -> invitations.acceptAsNewPerson(token, "Pass Word", "a long enough password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("single sign-on only")
                .hasMessageContaining("Sign in with Keycloak");
        assertThat(team.accounts().byEmail(email)).isEmpty();
        assertThat(invitations.open(token)).isInstanceOf(Link.Open.class);

        signInOptions().on("Sign in with Keycloak", false); // beside passwords, the form still works
        assertThat(invitations.acceptAsNewPerson(token, "Pass Word", "a long enough password"))
                .isEqualTo(workspace.id());
    }

    // ---------------------------------------------------------------- helpers

    /** A new workspace whose Admin is now signed in. */
    private TestWorkspace newWorkspaceWithAdmin() {
        TestWorkspace w = team.directory().newWorkspace();
        TestPerson a = team.directory().newMember(w, Role.ADMIN);
        context.signIn(a, w);
        return w;
    }

    private static ApiKeyPrincipal scimKeyOf(TestWorkspace w) {
        return new ApiKeyPrincipal(UUID.randomUUID(), w.id(), null, "Okta", Set.of(ApiKeyPrincipal.SCOPE_SCIM));
    }

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static Invitation sent(List<Invitations.Outcome> outcomes) {
        return ((Invitations.Outcome.Sent) outcomes.getFirst()).invitation();
    }

    private static String token(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a link in " + text).isTrue();
        return m.group(1);
    }
}
