package dev.vlmconsole.keys;

import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestMembers;

/**
 * The keys module wired by its own auto-configuration over test-support's fake console: one
 * context on H2 and one on PostgreSQL per test JVM, started on first use and shared by the tests
 * (they stay apart by making their own workspaces), as the console's tests share one application.
 */
public final class KeysContexts {

    private static ModuleTestContext h2;
    private static ModuleTestContext postgres;

    private KeysContexts() {}

    /** The keys module on an in-memory H2 database. */
    public static synchronized ModuleTestContext h2() {
        if (h2 == null) {
            h2 = start(ModuleDatabase.h2());
        }
        return h2;
    }

    /** The keys module on a database of the shared embedded PostgreSQL (LISTEN/NOTIFY, shared rate limits). */
    public static synchronized ModuleTestContext postgres() {
        if (postgres == null) {
            postgres = start(ModuleDatabase.postgres());
        }
        return postgres;
    }

    private static ModuleTestContext start(ModuleDatabase database) {
        KeysModule module = new KeysModule(() -> null);
        database.migrate(module);
        FakeConsoleContext context = new FakeConsoleContext(new TestMembers(database), module);
        return ModuleTestContext.builder(database, context)
                .configuration(KeysAutoConfiguration.class)
                .start();
    }
}
