package dev.vlmconsole.app.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.sso.GroupRoleMappings.Mapping;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsoleGroupRoleMappings} on the console's real core migrations: Owners change, Owners and
 * Admins read, each change audited in the workspace's log, one role per group and workspace, and the
 * highest mapped role wins. Runs on H2 ({@link GroupRoleMappingsOnH2Test}) and PostgreSQL
 * ({@link GroupRoleMappingsOnPostgresTest}).
 */
abstract class GroupRoleMappingsTests {

    final ModuleDatabase database = newDatabase().migrate("core", "classpath:db/migration/core");
    final TestMembers members = new TestMembers(database);
    final FakeConsoleContext context = new FakeConsoleContext(members, new CoreModule());
    final RecordingAuditLog audit = new RecordingAuditLog(context);
    final GroupRoleMappings mappings =
            new ConsoleGroupRoleMappings(context, new GroupRoleMappingRepository(database.dsl()), audit);

    abstract ModuleDatabase newDatabase();

    @AfterEach
    void close() {
        database.close();
    }

    <T> T inTx(Supplier<T> work) {
        return database.tx().execute(s -> work.get());
    }

    void inTx(Runnable work) {
        database.tx().executeWithoutResult(s -> work.run());
    }

    @Test
    void an_owner_maps_changes_and_removes_a_group_each_audited_in_the_workspaces_log() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = members.newMember(w, Role.OWNER);
        context.signIn(owner, w);

        assertThat(inTx(() -> mappings.put("  console-admins ", Role.ADMIN)))
                .isEqualTo(new Mapping("console-admins", Role.ADMIN));
        inTx(() -> mappings.put("Engineering", Role.MEMBER));
        inTx(() -> mappings.put("console-admins", Role.ADMIN)); // unchanged: nothing recorded
        inTx(() -> mappings.put("Engineering", Role.VIEWER));
        assertThat(inTx(mappings::ofCurrentWorkspace))
                .containsExactly(new Mapping("Engineering", Role.VIEWER), new Mapping("console-admins", Role.ADMIN));

        inTx(() -> mappings.remove("Engineering"));
        inTx(() -> mappings.remove("never-mapped"));

        assertThat(inTx(mappings::ofCurrentWorkspace)).containsExactly(new Mapping("console-admins", Role.ADMIN));
        assertThat(audit.actions())
                .containsExactly(
                        ConsoleGroupRoleMappings.MAPPED,
                        ConsoleGroupRoleMappings.MAPPED,
                        ConsoleGroupRoleMappings.MAPPED,
                        ConsoleGroupRoleMappings.UNMAPPED);
        assertThat(audit.entries())
                .extracting(AuditEntry::details)
                .containsExactly("To Admin.", "To Member.", "From Member to Viewer.", "It gave Viewer.");
        assertThat(audit.entries()).allSatisfy(e -> {
            assertThat(e.workspaceId()).isEqualTo(w.id());
            assertThat(e.actor().id()).isEqualTo(owner.id());
        });
        assertThat(audit.last().subject())
                .isEqualTo(new AuditTarget(SsoAuditTargets.GROUP, "Engineering", "Group Engineering"));
    }

    @Test
    void the_highest_mapped_role_of_a_persons_groups_wins_and_unmapped_groups_give_none() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(members.newMember(w, Role.OWNER), w);
        inTx(() -> mappings.put("viewers", Role.VIEWER));
        inTx(() -> mappings.put("billing", Role.BILLING));
        inTx(() -> mappings.put("staff", Role.MEMBER));
        inTx(() -> mappings.put("admins", Role.ADMIN));
        TestWorkspace other = members.newWorkspace();
        context.signIn(members.newMember(other, Role.OWNER), other);
        inTx(() -> mappings.put("staff", Role.OWNER));
        context.signOut();

        assertThat(inTx(() -> mappings.roleFor(w.id(), List.of("staff", "viewers", "admins"))))
                .contains(Role.ADMIN);
        assertThat(inTx(() -> mappings.roleFor(w.id(), Set.of("viewers", "billing"))))
                .contains(Role.BILLING);
        assertThat(inTx(() -> mappings.roleFor(w.id(), List.of("staff"))))
                .as("not the other workspace's Owner")
                .contains(Role.MEMBER);
        assertThat(inTx(() -> mappings.roleFor(w.id(), List.of("Staff", "unknown"))))
                .as("exact names")
                .isEmpty();
        assertThat(inTx(() -> mappings.roleFor(w.id(), List.of()))).isEmpty();
        assertThat(inTx(() -> mappings.roleFor(w.id(), Arrays.asList("", null, "x".repeat(300)))))
                .isEmpty();
    }

    @Test
    void admins_read_the_mapping_but_do_not_change_it_and_members_do_not_read_it() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(members.newMember(w, Role.OWNER), w);
        inTx(() -> mappings.put("admins", Role.ADMIN));

        context.signIn(members.newMember(w, Role.ADMIN), w);
        assertThat(inTx(mappings::ofCurrentWorkspace)).containsExactly(new Mapping("admins", Role.ADMIN));
        assertThatThrownBy(() -> inTx(() -> mappings.put("admins", Role.OWNER)))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(DomainClaims.SETTINGS));
        assertThatThrownBy(() -> inTx(() -> mappings.remove("admins"))).isInstanceOf(PermissionDeniedException.class);

        context.signIn(members.newMember(w, Role.MEMBER), w);
        assertThatThrownBy(() -> inTx(mappings::ofCurrentWorkspace)).isInstanceOf(PermissionDeniedException.class);

        TestWorkspace other = members.newWorkspace();
        context.signIn(members.newMember(other, Role.OWNER), other);
        assertThat(inTx(mappings::ofCurrentWorkspace))
                .as("another workspace's mapping")
                .isEmpty();
        inTx(() -> mappings.remove("admins"));
        assertThat(inTx(() -> mappings.roleFor(w.id(), List.of("admins")))).contains(Role.ADMIN);
        assertThat(audit.actions()).containsExactly(ConsoleGroupRoleMappings.MAPPED);
    }

    @Test
    void a_blank_too_long_or_multi_line_group_is_refused_on_the_group_field() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(members.newMember(w, Role.OWNER), w);

        for (String bad : List.of("", "   ", "x".repeat(201), "two\nlines")) {
            assertThatThrownBy(() -> inTx(() -> mappings.put(bad, Role.MEMBER)))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.messageFor(GroupRoleMappings.GROUP))
                                    .isPresent());
        }
        assertThatThrownBy(() -> inTx(() -> mappings.put("staff", null))).isInstanceOf(InvalidInputException.class);
        assertThat(inTx(() -> mappings.put("x".repeat(200), Role.MEMBER)).group())
                .hasSize(200);
        assertThat(audit.actions()).hasSize(1);
    }
}
