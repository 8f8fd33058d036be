package dev.vlmconsole.app.account;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class WorkspaceRepositoryOnPostgresTest extends WorkspaceRepositoryTests {
}
