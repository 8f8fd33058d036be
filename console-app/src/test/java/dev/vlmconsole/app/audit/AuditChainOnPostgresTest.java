package dev.vlmconsole.app.audit;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class AuditChainOnPostgresTest extends AuditChainTests {}
