package dev.vlmconsole.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.AuditLog.AuditRecord;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.ConsoleTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhooks example as compiled against module-api 1.0 (it calls {@code record(String, String,
 * String)} with {@code "endpoint <id>"}) still links against 1.1 and writes through the console's
 * audit log, which stores its strings as typed targets that the 1.1 history finds.
 */
class AuditFromModuleBuiltAgainstApi10Test extends ConsoleTest {

    private static final String JAR = "/compat/module-webhooks-built-against-api-1.0.jar";

    @Autowired
    AuditLogService audit;

    @Autowired
    ConsoleContext context;

    @Test
    void a_1_0_module_records_string_targets_which_land_typed() throws Exception {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        URL jar = getClass().getResource(JAR);
        assertThat(jar).as(JAR).isNotNull();

        try (URLClassLoader plugin =
                new URLClassLoader(new URL[] {jar}, getClass().getClassLoader())) {
            Class<?> service = plugin.loadClass("dev.vlmconsole.webhooks.WebhookService");
            assertThat(service.getClassLoader())
                    .as("the 1.0 build, not a newer copy on the class path")
                    .isSameAs(plugin);
            Object webhooks =
                    service.getConstructors()[0].newInstance(repository(plugin), permitted(), audit, Clock.systemUTC());
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object created =
                    Enum.valueOf((Class) plugin.loadClass("dev.vlmconsole.webhooks.WebhookEvent"), "KEYS_KEY_CREATED");
            Object endpoint = call(
                    webhooks,
                    "add",
                    new Class<?>[] {String.class, String.class, Set.class},
                    "https://hooks.example.com/1-0",
                    "From 1.0",
                    Set.of(created));
            UUID id = (UUID) endpoint.getClass().getMethod("id").invoke(endpoint);
            call(webhooks, "delete", new Class<?>[] {UUID.class}, id);

            List<AuditRecord> history = audit.historyOf(AuditTarget.of("webhooks.endpoint", id.toString()), 10);
            assertThat(history)
                    .extracting(AuditRecord::action)
                    .containsExactly("webhooks.endpoint.deleted", "webhooks.endpoint.created");
            assertThat(history)
                    .extracting(AuditRecord::subject)
                    .containsOnly(new AuditTarget("webhooks.endpoint", id.toString(), "endpoint " + id));
            assertThat(audit.count(new AuditLogService.Filter(null, null, null, null, "webhooks.endpoint")))
                    .isEqualTo(2);
        }
    }

    /** The module's repository on a database of its own with its real migration (it is no module of this console). */
    private static Object repository(ClassLoader plugin) throws ReflectiveOperationException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:webhooks-1-0-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure(plugin)
                .dataSource(ds)
                .locations("classpath:db/migration/webhooks")
                .load()
                .migrate();
        DSLContext db = DSL.using(ds, SQLDialect.H2, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
        return plugin.loadClass("dev.vlmconsole.webhooks.WebhookRepository")
                .getConstructor(DSLContext.class)
                .newInstance(db);
    }

    /** The signed-in Owner's context, granting the module's permissions this console does not know. */
    private ConsoleContext permitted() {
        return (ConsoleContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ConsoleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "can" -> true;
                    case "require" -> null;
                    default -> {
                        try {
                            yield method.invoke(context, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Exception {
        try {
            return target.getClass().getMethod(name, types).invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
