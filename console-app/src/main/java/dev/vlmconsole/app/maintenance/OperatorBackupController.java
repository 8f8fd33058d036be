package dev.vlmconsole.app.maintenance;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/operator/backup}: an online backup of the embedded H2 database now, with a platform
 * key of scope {@code operator}. {@code 201 {"file", "bytes", "createdAt"}}; on PostgreSQL a {@code 409}
 * problem (back it up with {@code pg_dump}). The backup is written on the node that answers, into its
 * {@code console.backup.dir}. See DD031.
 */
@RestController
class OperatorBackupController {

    private static final Logger log = LoggerFactory.getLogger(OperatorBackupController.class);

    private final ObjectProvider<H2Backups> backups;
    private final ConsoleContext context;

    OperatorBackupController(ObjectProvider<H2Backups> backups, ConsoleContext context) {
        this.backups = backups;
        this.context = context;
    }

    /** The answer: where the backup is, its size and when it was taken. */
    record BackupWritten(String file, long bytes, Instant createdAt) {}

    @PostMapping(path = "/api/v1/operator/backup", produces = "application/json")
    ResponseEntity<?> backup() {
        if (context.platformKey().isEmpty()) {
            if (context.apiKey().isPresent()) {
                throw new PermissionDeniedException("a platform key of scope operator");
            }
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer")
                    .body(
                            ProblemDetail.forStatusAndDetail(
                                    HttpStatus.UNAUTHORIZED,
                                    "Ask for a backup with a platform key of scope operator: 'Authorization: Bearer vlm_svc_...'."));
        }
        PlatformKeyPrincipal key = context.platformKey().orElseThrow();
        if (!key.hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR)) {
            throw new PermissionDeniedException(PlatformKeyPrincipal.SCOPE_OPERATOR);
        }
        H2Backups h2 = backups.getIfAvailable();
        if (h2 == null) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(
                            ProblemDetail.forStatusAndDetail(
                                    HttpStatus.CONFLICT,
                                    "This console runs on PostgreSQL: back it up with pg_dump (README, \"Backup and restore\")."));
        }
        H2Backups.Backup written = h2.backup();
        log.info("Backup {} written at the request of platform key {} ({})", written.file(), key.name(), key.keyId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new BackupWritten(written.file().toString(), written.bytes(), written.createdAt()));
    }
}
