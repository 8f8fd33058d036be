package dev.vlmconsole.app.audit;

import dev.vlmconsole.app.audit.AuditVerifier.Verification;
import dev.vlmconsole.app.modules.CoreModule;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log on the machine API, for admin keys with {@link CoreModule#AUDIT_READ} (their
 * owner's role must grant it too): {@code GET /api/v1/audit/verify} checks the key's workspace's
 * hash chain (DD026).
 */
@RestController
class AuditApiController {

    private final AuditLogService audit;

    AuditApiController(AuditLogService audit) {
        this.audit = audit;
    }

    /**
     * The result of a check.
     *
     * @param intact             whether the chain is whole
     * @param checked            entries checked
     * @param firstBrokenEntryId the first entry changed or after a removed one (or the removed last
     *                           entry); null when intact
     */
    record VerifyAnswer(
            boolean intact, long checked, @Nullable Long firstBrokenEntryId) {}

    @GetMapping(path = "/api/v1/audit/verify", produces = "application/json")
    VerifyAnswer verify() {
        Verification v = audit.verify(AuditLogService.Scope.WORKSPACE);
        return new VerifyAnswer(v.intact(), v.checked(), v.firstBrokenEntryId());
    }
}
