package dev.vlmconsole.team.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Status;
import dev.vlmconsole.team.TeamContexts;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Duration;
import java.util.EnumSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The Team API over HTTP (Spring MVC without the console): the answers' status codes and JSON
 * fields as the issue's table gives them, admin keys only, and the refusals the controller leaves
 * to the console's problem handler (which answers {@code InvalidInputException} 400, a
 * {@code PermissionDeniedException} 403, a {@code NoSuchElementException} 404 and a
 * {@code LastOwnerException} 409).
 */
class TeamApiControllerTest {

    TeamContexts.Team team;
    FakeConsoleContext context;
    MockMvc http;
    TestWorkspace workspace;
    TestPerson owner;
    TestPerson admin;

    @BeforeEach
    void wire() {
        team = TeamContexts.h2();
        context = team.spring().consoleContext();
        http = MockMvcBuilders.standaloneSetup(team.spring().bean(TeamApiController.class))
                .build();
        workspace = team.directory().newWorkspace();
        owner = team.directory().newMember(workspace, Role.OWNER);
        admin = team.directory().newMember(workspace, Role.ADMIN);
        team.mail().setConfigured(true);
        team.mail().clear();
        useKey(admin, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
    }

    @AfterEach
    void restore() {
        team.mail().setConfigured(true);
    }

    @Test
    void members_are_listed_with_the_issues_fields() throws Exception {
        http.perform(get("/api/v1/members"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(
                        jsonPath("$[?(@.userId == '" + owner.id() + "')].email").value(owner.email()))
                .andExpect(
                        jsonPath("$[?(@.userId == '" + owner.id() + "')].name").value(owner.displayName()))
                .andExpect(
                        jsonPath("$[?(@.userId == '" + owner.id() + "')].role").value("OWNER"))
                .andExpect(jsonPath("$[0].joinedAt").exists())
                .andExpect(jsonPath("$[0].lastActiveAt").hasJsonPath());
    }

    @Test
    void a_role_change_answers_the_member_and_the_last_owner_is_refused() throws Exception {
        TestPerson member = team.directory().newMember(workspace, Role.MEMBER);

        http.perform(json(patch("/api/v1/members/" + member.id()), "{\"role\": \"VIEWER\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value(member.id().toString()))
                .andExpect(jsonPath("$.role").value("VIEWER"));

        assertThatThrownBy(() -> http.perform(json(patch("/api/v1/members/" + member.id()), "{\"role\": \"king\"}")))
                .hasCauseInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> http.perform(json(patch("/api/v1/members/" + owner.id()), "{\"role\": \"ADMIN\"}")))
                .hasCauseInstanceOf(PermissionDeniedException.class);
        useKey(owner, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
        // LastOwnerException is an IllegalStateException: a conflict
        http.perform(json(patch("/api/v1/members/" + owner.id()), "{\"role\": \"ADMIN\"}"))
                .andExpect(status().isConflict());
        assertThat(team.directory()
                        .member(workspace.id(), owner.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.OWNER);
    }

    @Test
    void a_provisioned_invitation_is_listed_as_such_without_an_inviter() throws Exception {
        context.useApiKey(new ApiKeyPrincipal(
                UUID.randomUUID(), workspace.id(), null, "Okta", Set.of(ApiKeyPrincipal.SCOPE_SCIM)));
        team.spring().bean(PendingInvitations.class).provision("scim@example.com", Role.MEMBER);
        useKey(admin, workspace, ApiKeyPrincipal.SCOPE_ADMIN);

        http.perform(get("/api/v1/invitations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].email").value("scim@example.com"))
                .andExpect(jsonPath("$[0].provisioned").value(true))
                .andExpect(jsonPath("$[0].invitedBy").doesNotExist());
    }

    @Test
    void a_member_is_removed_with_204() throws Exception {
        TestPerson member = team.directory().newMember(workspace, Role.MEMBER);

        http.perform(delete("/api/v1/members/" + member.id())).andExpect(status().isNoContent());

        assertThat(team.directory().member(workspace.id(), member.id())).isEmpty();
    }

    @Test
    void an_invitation_is_created_with_201_and_the_link_only_without_a_mail_server() throws Exception {
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"api@example.com\", \"role\": \"MEMBER\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/invitations/")))
                .andExpect(jsonPath("$.id").exists())
                .andExpect(jsonPath("$.email").value("api@example.com"))
                .andExpect(jsonPath("$.role").value("MEMBER"))
                .andExpect(jsonPath("$.invitedBy").value(admin.id().toString()))
                .andExpect(jsonPath("$.createdAt").exists())
                .andExpect(jsonPath("$.expiresAt").exists())
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.delivery").value("queued"))
                .andExpect(jsonPath("$.link").doesNotExist());
        assertThat(team.mail().sentTo("api@example.com")).hasSize(1);

        team.mail().setConfigured(false);
        team.clock().advance(Duration.ofMinutes(1)); // newest first: the second invitation is listed first
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"copy@example.com\", \"role\": \"VIEWER\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.link").value(startsWith(TeamContexts.PUBLIC_URL + "/invite/")));
        http.perform(get("/api/v1/invitations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].link").doesNotExist())
                .andExpect(jsonPath("$[0].delivery").value("none"))
                .andExpect(jsonPath("$[1].delivery").value("sent"));

        team.mail().setStatus(team.mail().queuedIds().getFirst(), DeliveryStatus.FAILED);
        http.perform(get("/api/v1/invitations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[1].email").value("api@example.com"))
                .andExpect(jsonPath("$[1].status").value("pending"))
                .andExpect(jsonPath("$[1].delivery").value("failed"));
    }

    @Test
    void an_address_already_member_or_invited_is_a_conflict_and_a_refused_one_a_bad_request() throws Exception {
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"" + owner.email() + "\", \"role\": \"MEMBER\"}"))
                .andExpect(status().isConflict());
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"twice@example.com\", \"role\": \"MEMBER\"}"))
                .andExpect(status().isCreated());
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"twice@example.com\", \"role\": \"MEMBER\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.invitationId").exists());
        assertThatThrownBy(() ->
                        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"nope\", \"role\": \"MEMBER\"}")))
                .cause()
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> http.perform(json(
                        post("/api/v1/invitations"),
                        "{\"email\": \"a@example.com, b@example.com\", \"role\": \"MEMBER\"}")))
                .hasCauseInstanceOf(InvalidInputException.class);
    }

    @Test
    void an_admin_key_of_an_admin_may_not_grant_the_owner_role() throws Exception {
        assertThatThrownBy(() -> http.perform(
                        json(post("/api/v1/invitations"), "{\"email\": \"boss@example.com\", \"role\": \"OWNER\"}")))
                .hasCauseInstanceOf(PermissionDeniedException.class);
        useKey(owner, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
        http.perform(json(post("/api/v1/invitations"), "{\"email\": \"boss@example.com\", \"role\": \"OWNER\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void resend_answers_200_and_revoke_204_and_a_revoked_invitation_cannot_be_resent() throws Exception {
        Invitations.Outcome.Sent sent = (Invitations.Outcome.Sent) team.spring()
                .bean(Invitations.class)
                .invite("r@example.com", Role.MEMBER)
                .getFirst();
        UUID id = sent.invitation().id();

        http.perform(post("/api/v1/invitations/" + id + "/resend"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id.toString()))
                .andExpect(jsonPath("$.status").value("pending"));
        assertThat(team.mail().sentTo("r@example.com")).hasSize(2);

        http.perform(delete("/api/v1/invitations/" + id)).andExpect(status().isNoContent());
        http.perform(get("/api/v1/invitations?status=revoked"))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("revoked"));
        http.perform(get("/api/v1/invitations?status=pending"))
                .andExpect(jsonPath("$.length()").value(0));
        http.perform(post("/api/v1/invitations/" + id + "/resend")).andExpect(status().isConflict());
        assertThatThrownBy(() -> http.perform(get("/api/v1/invitations?status=lost")))
                .hasCauseInstanceOf(InvalidInputException.class);
    }

    @Test
    void another_workspaces_ids_are_unknown_and_nothing_changes() throws Exception {
        TestWorkspace other = team.directory().newWorkspace();
        TestPerson otherAdmin = team.directory().newMember(other, Role.ADMIN);
        TestPerson otherMember = team.directory().newMember(other, Role.MEMBER);
        context.signIn(otherAdmin, other);
        UUID theirs = ((Invitations.Outcome.Sent) team.spring()
                        .bean(Invitations.class)
                        .invite("theirs@example.com", Role.MEMBER)
                        .getFirst())
                .invitation()
                .id();
        useKey(admin, workspace, ApiKeyPrincipal.SCOPE_ADMIN);

        for (RequestBuilder call : new RequestBuilder[] {
            post("/api/v1/invitations/" + theirs + "/resend"),
            delete("/api/v1/invitations/" + theirs),
            delete("/api/v1/members/" + otherMember.id()),
            json(patch("/api/v1/members/" + otherMember.id()), "{\"role\": \"VIEWER\"}")
        }) {
            assertThatThrownBy(() -> http.perform(call)).hasCauseInstanceOf(NoSuchElementException.class);
        }

        context.signIn(otherAdmin, other);
        assertThat(team.spring().bean(Invitations.class).list(Set.of(Status.PENDING)))
                .hasSize(1);
        assertThat(team.directory()
                        .member(other.id(), otherMember.id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.MEMBER);
        assertThat(team.mail().sentTo("theirs@example.com")).hasSize(1);
    }

    @Test
    void inference_keys_and_keys_of_members_are_refused() throws Exception {
        useKey(admin, workspace, ApiKeyPrincipal.SCOPE_INFERENCE);
        for (RequestBuilder call : new RequestBuilder[] {
            get("/api/v1/members"),
            get("/api/v1/invitations"),
            json(post("/api/v1/invitations"), "{\"email\": \"x@example.com\", \"role\": \"MEMBER\"}")
        }) {
            assertThatThrownBy(() -> http.perform(call)).hasCauseInstanceOf(PermissionDeniedException.class);
        }
        TestPerson member = team.directory().newMember(workspace, Role.MEMBER);
        useKey(member, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
        http.perform(get("/api/v1/members")).andExpect(status().isOk());
        assertThatThrownBy(() -> http.perform(
                        json(post("/api/v1/invitations"), "{\"email\": \"x@example.com\", \"role\": \"MEMBER\"}")))
                .hasCauseInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> http.perform(delete("/api/v1/members/" + admin.id())))
                .hasCauseInstanceOf(PermissionDeniedException.class);
        context.signIn(admin, workspace);
        assertThat(team.spring().bean(Invitations.class).list(EnumSet.allOf(Status.class)))
                .isEmpty();
    }

    private void useKey(TestPerson owner, TestWorkspace workspace, String scope) {
        context.useApiKey(
                new ApiKeyPrincipal(UUID.randomUUID(), workspace.id(), owner.id(), "test key", Set.of(scope)));
    }

    private static RequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
