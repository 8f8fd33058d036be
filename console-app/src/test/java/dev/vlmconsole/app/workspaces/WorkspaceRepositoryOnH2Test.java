package dev.vlmconsole.app.workspaces;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class WorkspaceRepositoryOnH2Test extends WorkspaceRepositoryTests {}
