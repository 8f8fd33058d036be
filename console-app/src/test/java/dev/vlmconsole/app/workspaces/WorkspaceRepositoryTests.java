package dev.vlmconsole.app.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.app.account.UserRepository;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces and memberships; run on H2 and PostgreSQL by the subclasses. */
@Transactional
abstract class WorkspaceRepositoryTests {

    @Autowired
    WorkspaceRepository workspaces;

    @Autowired
    UserRepository users;

    private UUID person(String name) {
        return users.insert(name + "-" + UUID.randomUUID() + "@example.com", name, "{bcrypt}hash", false);
    }

    @Test
    void a_person_sees_each_of_their_workspaces_by_name_with_their_role_there() {
        UUID dana = person("dana");
        UUID zeta = workspaces.insertWorkspace("Zeta labs");
        UUID acme = workspaces.insertWorkspace("Acme");
        UUID notMine = workspaces.insertWorkspace("Another team");
        workspaces.insertMembership(zeta, dana, Role.VIEWER);
        workspaces.insertMembership(acme, dana, Role.ADMIN);
        workspaces.insertMembership(notMine, person("erin"), Role.OWNER);

        assertThat(workspaces.memberships(dana))
                .containsExactly(
                        new WorkspaceRef(acme, "Acme", Role.ADMIN), new WorkspaceRef(zeta, "Zeta labs", Role.VIEWER));
        assertThat(workspaces.membership(zeta, dana)).contains(new WorkspaceRef(zeta, "Zeta labs", Role.VIEWER));
        assertThat(workspaces.membership(notMine, dana)).isEmpty();
        assertThat(workspaces.memberships(person("frank"))).isEmpty();
    }

    @Test
    void every_role_is_stored_and_read_back() {
        UUID ws = workspaces.insertWorkspace("Roles");
        for (Role role : Role.values()) {
            UUID someone = person(role.name().toLowerCase());
            workspaces.insertMembership(ws, someone, role);
            assertThat(workspaces.membership(ws, someone))
                    .map(WorkspaceRef::role)
                    .contains(role);
        }
    }

    @Test
    void a_person_is_a_member_of_a_workspace_once() {
        UUID gina = person("gina");
        UUID ws = workspaces.insertWorkspace("Once");
        workspaces.insertMembership(ws, gina, Role.MEMBER);

        assertThatThrownBy(() -> workspaces.insertMembership(ws, gina, Role.ADMIN))
                .isInstanceOf(DuplicateKeyException.class);
    }
}
