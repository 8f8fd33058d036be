package dev.vlmconsole.team;

import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingOutboundMail;
import dev.vlmconsole.testsupport.TestMembers;
import java.time.Clock;
import java.time.Instant;

/**
 * The Team module wired by its own auto-configuration over test-support's fake console, with test
 * doubles of the console's accounts, memberships and outbox: one context on H2 and one on
 * PostgreSQL per test JVM, shared by the tests (they stay apart by making their own workspaces).
 */
public final class TeamContexts {

    /** One started module and the doubles it talks to. */
    public record Team(
            ModuleTestContext spring,
            TeamDirectory directory,
            TestAccounts accounts,
            TestMemberships memberships,
            RecordingOutboundMail mail,
            MutableClock clock) {}

    public static final String PUBLIC_URL = "https://console.example.test";

    private static Team h2;
    private static Team postgres;

    private TeamContexts() {}

    public static synchronized Team h2() {
        if (h2 == null) {
            h2 = start(ModuleDatabase.h2());
        }
        return h2;
    }

    public static synchronized Team postgres() {
        if (postgres == null) {
            postgres = start(ModuleDatabase.postgres());
        }
        return postgres;
    }

    private static Team start(ModuleDatabase database) {
        TeamModule module = new TeamModule();
        database.migrate(module);
        TestMembers members = new TestMembers(database);
        FakeConsoleContext context = new FakeConsoleContext(members, module);
        TeamDirectory directory = new TeamDirectory(members);
        TestAccounts accounts = new TestAccounts(members, directory);
        RecordingOutboundMail mail = new RecordingOutboundMail(true);
        TestMemberships memberships = new TestMemberships(members, context, directory);
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
        ModuleTestContext spring = ModuleTestContext.builder(database, context)
                .configuration(TeamAutoConfiguration.class)
                .bean(Clock.class, clock)
                .bean(MemberDirectory.class, directory)
                .bean(Accounts.class, accounts)
                .bean(Memberships.class, memberships)
                .bean(OutboundMail.class, mail)
                .bean(ConsoleLinks.class, new FixedConsoleLinks(PUBLIC_URL))
                .bean(SignInOptions.class, new TestSignInOptions())
                .start();
        return new Team(spring, directory, accounts, memberships, mail, clock);
    }
}
