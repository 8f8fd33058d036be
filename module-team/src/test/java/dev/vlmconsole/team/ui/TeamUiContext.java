package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.MemberResources;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import dev.vlmconsole.team.TestSignInOptions;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestMembers;

/**
 * The Team pages over test-support's fake console and this package's test doubles (invitations,
 * memberships, roster, accounts, held keys), one per test JVM; tests stay apart by making their own
 * workspaces. The pages are registered as the console registers them: the descriptor's navigation
 * entry, and {@link TeamPages} for the accept page.
 */
final class TeamUiContext {

    static final String PUBLIC_URL = "https://console.example.test";

    private static TeamUiContext shared;

    final ModuleTestContext spring;
    final RosterDirectory directory;
    final InMemoryMemberships memberships;
    final TestAccounts accounts;
    final InMemoryInvitations invitations;
    final HeldKeys keys = new HeldKeys();
    final ServiceKeys serviceKeys;
    final TestSignInOptions signIn = new TestSignInOptions();
    final FakeConsoleContext context;

    private TeamUiContext() {
        TeamModule module = new TeamModule();
        TestMembers members = new TestMembers();
        context = new FakeConsoleContext(members, module, new CorePermissions());
        directory = new RosterDirectory(members);
        memberships = new InMemoryMemberships(members, context, directory);
        accounts = new TestAccounts(context, directory);
        invitations = new InMemoryInvitations(context, directory, memberships, accounts);
        serviceKeys = new ServiceKeys(context);
        spring = ModuleTestContext.builder(ModuleDatabase.h2(), context)
                .bean(ConsoleModule.class, module)
                .bean(MemberDirectory.class, directory)
                .bean(Memberships.class, memberships)
                .bean(Accounts.class, accounts)
                .bean(Invitations.class, invitations)
                .bean(MemberResources.class, keys)
                .bean(KeyCatalog.class, serviceKeys)
                .bean(ConsoleLinks.class, new FixedConsoleLinks(PUBLIC_URL))
                .bean(SignInOptions.class, signIn)
                .configuration(TeamPages.class)
                .start();
    }

    static synchronized TeamUiContext get() {
        if (shared == null) {
            shared = new TeamUiContext();
        }
        return shared;
    }
}
