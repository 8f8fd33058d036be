package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FakeConsoleContextTest {

    private final TestMembers members = new TestMembers();
    private final FakeConsoleContext context = new FakeConsoleContext(members, new ProbeModule());
    private final TestWorkspace acme = members.newWorkspace("Acme");

    @Test
    void a_member_holds_what_the_modules_descriptor_grants_their_role_and_a_change_applies_at_once() {
        TestPerson viewer = members.newMember(acme, Role.VIEWER);
        context.signIn(viewer, acme);
        assertThat(context.can(ProbeModule.READ)).isTrue();
        assertThat(context.can(ProbeModule.WRITE)).isFalse();
        assertThat(context.can("unknown.permission")).isFalse();
        assertThatThrownBy(() -> context.require(ProbeModule.WRITE)).isInstanceOf(PermissionDeniedException.class);

        members.changeRole(acme, viewer, Role.ADMIN);
        assertThat(context.can(ProbeModule.WRITE)).isTrue();
        assertThat(context.requireWorkspace().role()).isEqualTo(Role.ADMIN);
        assertThat(context.actor()).isEqualTo(viewer.actor());
    }

    @Test
    void a_removed_member_loses_the_workspace_and_nobody_signed_in_holds_nothing() {
        TestPerson owner = members.newMember(acme, Role.OWNER);
        context.signIn(owner, acme);
        members.remove(acme, owner);
        assertThat(context.workspace()).isEmpty();
        assertThat(context.can(ProbeModule.READ)).isFalse();

        context.signOut();
        assertThatThrownBy(context::actor).isInstanceOf(PermissionDeniedException.class);
        assertThat(context.can(ProbeModule.READ)).isFalse();
    }

    @Test
    void a_chosen_workspace_the_person_does_not_belong_to_falls_back_to_their_first() {
        TestWorkspace other = members.newWorkspace("Other");
        TestPerson member = members.newMember(acme, Role.MEMBER);
        context.signIn(member, other);
        assertThat(context.workspaceId()).isEqualTo(acme.id());
    }

    @Test
    void an_api_key_holds_only_what_its_scopes_allow_and_its_owner_holds() {
        TestPerson admin = members.newMember(acme, Role.ADMIN);
        UUID keyId = UUID.randomUUID();
        context.useApiKey(new ApiKeyPrincipal(keyId, acme.id(), admin.id(), "ci", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
        assertThat(context.actor().kind()).isEqualTo(Actor.Kind.API_KEY);
        assertThat(context.actor().id()).isEqualTo(keyId);
        assertThat(context.can(ProbeModule.READ)).isTrue();
        assertThat(context.can(ProbeModule.WRITE))
                .as("the owner holds it, no scope lists it")
                .isFalse();

        members.changeRole(acme, admin, Role.MEMBER);
        assertThat(context.can(ProbeModule.READ))
                .as("a demoted owner takes the key down")
                .isFalse();

        context.useApiKey(
                new ApiKeyPrincipal(keyId, acme.id(), admin.id(), "sdk", Set.of(ApiKeyPrincipal.SCOPE_INFERENCE)));
        members.changeRole(acme, admin, Role.OWNER);
        assertThat(context.can(ProbeModule.READ)).isFalse();
    }

    @Test
    void a_service_key_acts_in_its_workspace_as_an_owner_narrowed_by_its_scopes() {
        UUID keyId = UUID.randomUUID();
        context.useApiKey(new ApiKeyPrincipal(keyId, acme.id(), null, "scim", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
        assertThat(context.workspaceId()).isEqualTo(acme.id());
        assertThat(context.workspace().orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(context.actor().id()).isEqualTo(keyId);
        assertThat(context.can(ProbeModule.READ)).isTrue();
        assertThat(context.can(ProbeModule.WRITE)).as("no scope lists it").isFalse();

        context.useApiKey(
                new ApiKeyPrincipal(keyId, UUID.randomUUID(), null, "gone", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
        assertThat(context.can(ProbeModule.READ))
                .as("a workspace that does not exist")
                .isFalse();
    }
}
