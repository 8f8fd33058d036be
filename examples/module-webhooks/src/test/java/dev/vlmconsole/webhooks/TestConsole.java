package dev.vlmconsole.webhooks;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Clock;

/**
 * The console as the module sees it, from test-support and through the module API only: a fresh
 * H2 database with the module's real migration, an Owner of two workspaces whose role the test
 * sets, and an audit log that remembers every entry.
 */
final class TestConsole {

    private static final WebhooksModule MODULE = new WebhooksModule(() -> null);

    final TestMembers members = new TestMembers();
    final TestWorkspace acme = members.newWorkspace("Acme");
    final TestWorkspace other = members.newWorkspace("Other");
    final TestPerson owner = members.newMember(acme, Role.OWNER);
    final FakeConsoleContext context = new FakeConsoleContext(members, MODULE);
    final RecordingAuditLog audit = new RecordingAuditLog(context);
    final WebhookService webhooks;

    TestConsole() {
        members.addMember(other, owner, Role.OWNER);
        context.signIn(owner, acme);
        ModuleDatabase db = ModuleDatabase.h2().migrate(MODULE);
        webhooks = new WebhookService(new WebhookRepository(db.dsl()), context, audit, Clock.systemUTC());
    }

    /** Acts in {@code workspace}, as its Owner. */
    void actIn(TestWorkspace workspace) {
        context.signIn(owner, workspace);
    }

    /** Acts in Acme with {@code role}. */
    void actAs(Role role) {
        members.changeRole(acme, owner, role);
        context.signIn(owner, acme);
    }
}
