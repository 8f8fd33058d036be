package dev.vlmconsole.app.audit;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class AuditChainOnH2Test extends AuditChainTests {}
