package dev.vlmconsole.app.modules;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class MigratedSchemaOnPostgresTest extends MigratedSchemaTests {}
