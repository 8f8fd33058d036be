package dev.vlmconsole.app.workspaces;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class WorkspaceRepositoryOnPostgresTest extends WorkspaceRepositoryTests {}
