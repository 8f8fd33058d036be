package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.UsageTotals;
import dev.vlmconsole.api.services.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A small Spring context with a module's auto-configuration and what the console would give it,
 * for module tests that want the module wired as in production ({@code @Transactional} services,
 * {@code @EventListener}s, lifecycle beans, {@code @Value} settings) without the console:
 *
 * <pre>{@code
 * ModuleDatabase db = ModuleDatabase.h2().migrate(new KeysModule(() -> null));
 * FakeConsoleContext context = new FakeConsoleContext(new TestMembers(db), new KeysModule(() -> null));
 * ModuleTestContext spring = ModuleTestContext.builder(db, context)
 *         .configuration(KeysAutoConfiguration.class)
 *         .property("console.keys.max-staleness", "PT1S")
 *         .start();
 * KeyService keys = spring.bean(KeyService.class);
 * }</pre>
 *
 * <p>The context holds the database's {@link DataSource}, {@link DSLContext},
 * {@link PlatformTransactionManager} and a {@link TransactionTemplate}; the {@link ConsoleContext};
 * its {@link TestMembers} as the {@link MemberDirectory}; a {@link RecordingAuditLog}; and, unless
 * the test gives its own with {@link Builder#bean}, the console's defaults for the other services:
 * a UTC {@link Clock}, {@link Entitlements#PAY_AS_YOU_GO} for every workspace, no recorded
 * usage and a {@link TestWorkspaceStatus} (no workspace suspended). Settings are strings converted as Spring Boot converts them; {@code console.data-dir} is
 * a fresh temporary folder unless set.
 */
public final class ModuleTestContext implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;
    private final ModuleDatabase database;
    private final FakeConsoleContext consoleContext;

    private ModuleTestContext(
            AnnotationConfigApplicationContext context, ModuleDatabase database, FakeConsoleContext consoleContext) {
        this.context = context;
        this.database = database;
        this.consoleContext = consoleContext;
    }

    /** Starts describing a context over {@code database}, acting through {@code context}. */
    public static Builder builder(ModuleDatabase database, FakeConsoleContext context) {
        return new Builder(database, context);
    }

    /** The bean of {@code type}. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The Spring context itself (an {@code ApplicationEventPublisher} too). */
    public ApplicationContext context() {
        return context;
    }

    /** The database the context runs on. */
    public ModuleDatabase database() {
        return database;
    }

    /** The acting context the module sees. */
    public FakeConsoleContext consoleContext() {
        return consoleContext;
    }

    /** The people and memberships the module sees. */
    public TestMembers members() {
        return consoleContext.members();
    }

    /** The audit log the module writes to (a {@link RecordingAuditLog} unless the test gave another). */
    public AuditLog audit() {
        return context.getBean(AuditLog.class);
    }

    /** The modules the context holds ({@link ConsoleModule} beans of the auto-configurations). */
    public List<ConsoleModule> modules() {
        return List.copyOf(context.getBeansOfType(ConsoleModule.class).values());
    }

    /** Publishes an event to the module's listeners, such as a {@code MemberRemoved}. */
    public void publish(Object event) {
        context.publishEvent(event);
    }

    /** Stops the module's lifecycle beans and closes the context (not the database). */
    @Override
    public void close() {
        context.close();
    }

    /** What goes into a {@link ModuleTestContext}. */
    public static final class Builder {

        private final ModuleDatabase database;
        private final FakeConsoleContext consoleContext;
        private final List<Class<?>> configurations = new ArrayList<>();
        private final Map<Class<?>, Object> beans = new LinkedHashMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(ModuleDatabase database, FakeConsoleContext consoleContext) {
            this.database = database;
            this.consoleContext = consoleContext;
        }

        /** Adds configuration classes, typically the module's auto-configuration. */
        public Builder configuration(Class<?>... classes) {
            configurations.addAll(List.of(classes));
            return this;
        }

        /** Adds (or replaces a default of) a bean of {@code type}, such as a {@link Clock} the test moves. */
        public <T> Builder bean(Class<T> type, T instance) {
            beans.put(type, instance);
            return this;
        }

        /** Sets a property the module reads with {@code @Value}, such as {@code console.keys.prefix}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Builds and refreshes the context: lifecycle beans start. */
        public ModuleTestContext start() {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance());
            Map<String, Object> settings = new LinkedHashMap<>(properties);
            settings.putIfAbsent("console.data-dir", temporaryFolder());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("module-test", settings));

            Clock clock = (Clock) beans.getOrDefault(Clock.class, Clock.systemUTC());
            Map<Class<?>, Object> all = new LinkedHashMap<>();
            all.put(DataSource.class, database.dataSource());
            all.put(DSLContext.class, database.dsl());
            all.put(PlatformTransactionManager.class, database.transactionManager());
            all.put(TransactionTemplate.class, database.tx());
            all.put(ConsoleContext.class, consoleContext);
            all.put(MemberDirectory.class, consoleContext.members());
            all.put(Clock.class, clock);
            all.put(AuditLog.class, new RecordingAuditLog(consoleContext, clock));
            all.put(EntitlementService.class, (EntitlementService) workspaceId -> Entitlements.PAY_AS_YOU_GO);
            all.put(UsageQueries.class, new NoUsage());
            all.put(ChangeFeed.class, new TestChangeFeed());
            all.put(WorkspaceStatus.class, new TestWorkspaceStatus());
            all.putAll(beans);
            all.forEach((type, instance) -> register(context, type, instance));

            context.register(Transactions.class);
            configurations.forEach(context::register);
            context.refresh();
            return new ModuleTestContext(context, database, consoleContext);
        }

        @SuppressWarnings("unchecked")
        private static <T> void register(AnnotationConfigApplicationContext context, Class<T> type, Object instance) {
            context.registerBean(type.getName(), type, () -> (T) instance);
        }

        private static String temporaryFolder() {
            try {
                return Files.createTempDirectory("module-test-data").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code @Transactional} on module services, with class proxies as Spring Boot makes them. */
    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(proxyTargetClass = true)
    static class Transactions {}

    /** The console's default without a billing module: nothing records usage. */
    private static final class NoUsage implements UsageQueries {

        @Override
        public Map<UUID, UsageTotals> totalsByKey(UUID workspaceId, LocalDate from, LocalDate to) {
            return Map.of();
        }

        @Override
        public List<DailyUsage> daily(UUID workspaceId, UUID keyId, LocalDate from, LocalDate to) {
            return List.of();
        }
    }
}
