package dev.vlmconsole.app.modules;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class MigratedSchemaOnH2Test extends MigratedSchemaTests {}
