package dev.vlmconsole.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MemberResources;
import dev.vlmconsole.api.services.MemberResources.Resource;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The keys module's {@link MemberResources}: what the Team page names before removing a member. */
class KeyResourcesTest {

    private final ModuleTestContext spring = KeysContexts.h2();
    private final KeyService keys = spring.bean(KeyService.class);
    private final FakeConsoleContext acting = spring.consoleContext();

    @Test
    void a_members_active_keys_of_the_workspace_are_named_and_revoked_expired_and_other_workspaces_keys_are_not() {
        MemberResources resources = spring.bean(MemberResources.class);
        TestWorkspace mine = spring.members().newWorkspace();
        TestWorkspace other = spring.members().newWorkspace();
        TestPerson ann = spring.members().newMember(mine, Role.MEMBER);
        spring.members().addMember(other, ann, Role.MEMBER);
        TestPerson bob = spring.members().newMember(mine, Role.MEMBER);
        TestPerson idle = spring.members().newMember(mine, Role.MEMBER);

        acting.signIn(ann, mine);
        KeyService.KeyWithSecret ci = create("ci");
        KeyService.KeyWithSecret revoked = create("old");
        keys.revoke(revoked.key().id());
        KeyService.KeyWithSecret expiring = create("soon");
        keys.setExpiry(expiring.key().id(), Instant.now().plus(1, ChronoUnit.DAYS));
        acting.signIn(ann, other);
        create("elsewhere");
        acting.signIn(bob, mine);
        KeyService.KeyWithSecret bobs = create("bob's");

        Map<UUID, List<Resource>> held = resources.heldBy(mine.id(), List.of(ann.id(), bob.id(), idle.id()));

        assertThat(resources.title()).isEqualTo("Active keys");
        assertThat(resources.onRemoval()).isEqualTo("will be revoked");
        assertThat(held.get(ann.id()))
                .extracting(Resource::id)
                .containsExactly(ci.key().id().toString(), expiring.key().id().toString());
        assertThat(held.get(ann.id()).getFirst().name())
                .isEqualTo("ci (" + ci.key().displayPrefix() + "…)");
        assertThat(held.get(bob.id()))
                .extracting(Resource::id)
                .containsExactly(bobs.key().id().toString());
        assertThat(held).doesNotContainKey(idle.id());
        assertThat(resources.heldBy(mine.id(), List.of())).isEmpty();
    }

    private KeyService.KeyWithSecret create(String name) {
        return keys.create(new KeyService.NewKey(name, null, null, "inference"));
    }
}
