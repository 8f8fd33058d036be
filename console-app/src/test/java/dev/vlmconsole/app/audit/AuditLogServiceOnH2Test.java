package dev.vlmconsole.app.audit;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class AuditLogServiceOnH2Test extends AuditLogServiceTests {}
