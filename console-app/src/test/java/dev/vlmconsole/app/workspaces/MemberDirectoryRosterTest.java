package dev.vlmconsole.app.workspaces;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** module-api 1.2: {@link MemberDirectory#roster} and {@link MemberDirectory#workspace}. */
class MemberDirectoryRosterTest extends ConsoleTest {

    @Autowired
    MemberDirectory directory;

    @Test
    void the_roster_lists_members_by_name_with_when_they_joined_and_were_last_active() {
        Workspace workspace = newWorkspace();
        TestUser owner = newMember(workspace, Role.OWNER);
        TestUser viewer = newMember(workspace, Role.VIEWER);
        TestUser outsider = newMember(newWorkspace(), Role.OWNER);
        OffsetDateTime active = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3).truncatedTo(ChronoUnit.SECONDS);
        tx.executeWithoutResult(s -> {
            db.update(USERS)
                    .set(USERS.DISPLAY_NAME, "Zoe")
                    .where(USERS.ID.eq(owner.id()))
                    .execute();
            db.update(USERS)
                    .set(USERS.DISPLAY_NAME, "Adam")
                    .where(USERS.ID.eq(viewer.id()))
                    .execute();
            db.update(USERS)
                    .set(USERS.LAST_ACTIVE_AT, active)
                    .where(USERS.ID.eq(owner.id()))
                    .execute();
        });

        var roster = directory.roster(workspace.id());

        assertThat(roster).extracting(MemberDirectory.MemberDetails::userId).containsExactly(viewer.id(), owner.id());
        assertThat(roster).extracting(MemberDirectory.MemberDetails::userId).doesNotContain(outsider.id());
        var adam = roster.getFirst();
        assertThat(adam.displayName()).isEqualTo("Adam");
        assertThat(adam.email()).isEqualTo(viewer.email());
        assertThat(adam.role()).isEqualTo(Role.VIEWER);
        assertThat(adam.lastActiveAt()).isNull();
        assertThat(adam.joinedAt())
                .isBetween(
                        OffsetDateTime.now().minusMinutes(5).toInstant(),
                        OffsetDateTime.now().plusMinutes(1).toInstant());
        assertThat(roster.get(1).role()).isEqualTo(Role.OWNER);
        assertThat(roster.get(1).lastActiveAt()).isEqualTo(active.toInstant());
        assertThat(directory.roster(UUID.randomUUID())).isEmpty();
    }

    @Test
    void workspace_gives_the_name_of_any_workspace_with_the_viewer_role() {
        Workspace workspace = newWorkspace();

        assertThat(directory.workspace(workspace.id())).hasValueSatisfying(w -> {
            assertThat(w.id()).isEqualTo(workspace.id());
            assertThat(w.name()).isEqualTo(workspace.name());
            assertThat(w.role()).isEqualTo(Role.VIEWER);
        });
        assertThat(directory.workspace(UUID.randomUUID())).isEmpty();
    }
}
