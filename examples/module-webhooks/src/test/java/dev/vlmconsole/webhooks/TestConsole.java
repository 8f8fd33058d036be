package dev.vlmconsole.webhooks;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The console as a module sees it, faked through the module API only: a fresh H2 database with
 * the module's real migration, an acting member whose role the test sets, and an audit log that
 * remembers {@code "<workspace> <action> <type>:<id> <label> <details>"} lines.
 */
final class TestConsole implements ConsoleContext, AuditLog {

    private static final WebhooksModule MODULE = new WebhooksModule(() -> null);

    final WorkspaceRef acme = new WorkspaceRef(UUID.randomUUID(), "Acme", Role.OWNER);
    final WorkspaceRef other = new WorkspaceRef(UUID.randomUUID(), "Other", Role.OWNER);
    final List<String> audit = new ArrayList<>();
    final WebhookService webhooks;
    private final Actor actor = new Actor(Actor.Kind.USER, UUID.randomUUID(), "owner@example.com", "Owner", false);
    private WorkspaceRef workspace = acme;

    TestConsole() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:webhooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/webhooks")
                .table("flyway_schema_history_webhooks").load().migrate();
        // the console renders names unquoted, so that H2 and PostgreSQL fold them alike
        DSLContext db = DSL.using(ds, SQLDialect.H2, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
        webhooks = new WebhookService(new WebhookRepository(db), this, this, Clock.systemUTC());
    }

    /** Acts in {@code workspace} with the role it names. */
    void actIn(WorkspaceRef workspace) {
        this.workspace = workspace;
    }

    /** Acts in Acme with {@code role}. */
    void actAs(Role role) {
        actIn(new WorkspaceRef(acme.id(), acme.name(), role));
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        return Optional.ofNullable(workspace);
    }

    /** Grants what the module's descriptor says each role holds. */
    @Override
    public boolean can(String permission) {
        return MODULE.permissions().stream().anyMatch(p -> p.key().equals(permission) && p.isGrantedTo(workspace.role()));
    }

    @Override
    public Optional<String> sourceAddress() {
        return Optional.empty();
    }

    @Override
    public Optional<dev.vlmconsole.api.services.ApiKeyPrincipal> apiKey() {
        return Optional.empty();
    }

    @Override
    public List<AuditRecord> historyOf(AuditTarget target, int limit) {
        return List.of();
    }

    /** One line per entry: workspace, action, target type and id, target label, details. */
    @Override
    public void record(String action, AuditTarget target, String details) {
        record(new AuditEntry(workspaceId(), actor(), action, target, details, ""));
    }

    @Override
    public void record(AuditEntry entry) {
        AuditTarget t = entry.subject();
        audit.add(entry.workspaceId() + " " + entry.action() + " " + t.type() + ":" + t.id() + " " + t.label() + " "
                + entry.details());
    }
}
