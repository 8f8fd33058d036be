package dev.vlmconsole.app.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.app.support.BuildPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * A module jar that is not on the console's classpath, dropped into the plugins folder, becomes
 * part of the console: its descriptor, permissions and page are registered and its migrations run
 * with their own history table, after core. The jar is the example plugin as the build packaged it.
 */
class PluginFolderTest {

    private static final String PLUGIN_CLASS = "dev.vlmconsole.webhooks.WebhooksModule";

    @TempDir
    Path temp;

    @Test
    void the_example_plugin_jar_holds_only_its_own_classes_migrations_and_auto_configuration() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (JarFile jar = new JarFile(exampleJar().toFile())) {
            jar.stream()
                    .map(JarEntry::getName)
                    .filter(n -> !n.endsWith("/"))
                    .filter(n -> !n.startsWith("dev/vlmconsole/webhooks/")
                            && !n.startsWith("db/migration/webhooks/")
                            && !n.startsWith("META-INF/"))
                    .forEach(foreign::add);
            assertThat(jar.getEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                    .isNotNull();
        }
        assertThat(foreign).as("entries that are not the plugin's own").isEmpty();
    }

    @Test
    void a_jar_in_the_plugins_folder_adds_its_module_migrations_and_page() throws Exception {
        Path jar = exampleJar();
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        assertThatThrownBy(() -> Class.forName(PLUGIN_CLASS, false, getClass().getClassLoader()))
                .as("the plugin must not be on the build classpath, or this test proves nothing")
                .isInstanceOf(ClassNotFoundException.class);

        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (ConfigurableApplicationContext app = ConsoleApplication.start(
                "--console.plugins-dir=" + plugins,
                "--console.data-dir=" + temp.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:plugins-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--console.security.bcrypt-cost=4")) {
            ModuleRegistry registry = app.getBean(ModuleRegistry.class);
            assertModuleRegistered(registry);
            assertMigrated(app.getBean(DataSource.class));
            assertRouted(app);
        } finally {
            // start() makes the plugin loader the thread's context loader; later tests must not see it
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private void assertModuleRegistered(ModuleRegistry registry) {
        ConsoleModule webhooks = registry.modules().stream()
                .filter(m -> m.id().equals("webhooks"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("module webhooks not registered: " + registry.modules()));
        assertThat(webhooks.getClass().getName()).isEqualTo(PLUGIN_CLASS);
        assertThat(webhooks.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(registry.modules().getFirst().id()).isEqualTo(CoreModule.ID);

        assertThat(registry.navigation()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("webhooks");
            assertThat(e.icon()).isEqualTo("vaadin:connect");
            assertThat(e.requiredPermission()).isEqualTo("webhooks.read");
            assertThat(e.view().getName()).isEqualTo("dev.vlmconsole.webhooks.WebhooksView");
        });
        assertThat(registry.isGranted(Role.OWNER, "webhooks.manage")).isTrue();
        assertThat(registry.isGranted(Role.ADMIN, "webhooks.manage")).isTrue();
        assertThat(registry.isGranted(Role.MEMBER, "webhooks.manage")).isFalse();
        assertThat(registry.isGranted(Role.VIEWER, "webhooks.read")).isTrue();
        assertThat(registry.isGranted(Role.BILLING, "webhooks.read")).isFalse();
    }

    private void assertMigrated(DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        assertThat(tables)
                .contains("webhook_endpoints", "flyway_schema_history_webhooks", "flyway_schema_history_core");

        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select \"version\", \"success\" from \"flyway_schema_history_webhooks\""
                    + " where \"version\" = '1'")) {
                assertThat(rs.next()).as("V1 of webhooks recorded").isTrue();
                assertThat(rs.getBoolean("success")).isTrue();
            }
            try (ResultSet rs =
                    s.executeQuery("select (select max(\"installed_rank\") from \"flyway_schema_history_core\"),"
                            + " (select max(\"installed_on\") from \"flyway_schema_history_core\"),"
                            + " (select min(\"installed_on\") from \"flyway_schema_history_webhooks\")")) {
                rs.next();
                assertThat(rs.getTimestamp(3))
                        .as("webhooks migrated after core")
                        .isAfterOrEqualTo(rs.getTimestamp(2));
            }
        }
    }

    private void assertRouted(ConfigurableApplicationContext app) throws IOException, InterruptedException {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        // the sign-in page is public; serving it starts Vaadin, which registers the modules' routes
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .timeout(Duration.ofSeconds(120))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);

        var servletContext = ((WebApplicationContext) app).getServletContext();
        ApplicationRouteRegistry routes =
                ApplicationRouteRegistry.getInstance(new VaadinServletContext(servletContext));
        assertThat(routes.getNavigationTarget("webhooks"))
                .hasValueSatisfying(
                        view -> assertThat(view.getName()).isEqualTo("dev.vlmconsole.webhooks.WebhooksView"));

        HttpResponse<Void> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(base + "/webhooks"))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(anonymous.statusCode()).as("anonymous visit of /webhooks").isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    /** The jar the build packaged for the example plugin. */
    static Path exampleJar() throws IOException {
        Path target = BuildPaths.examplePlugin().resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(f -> f.getFileName().toString().matches("module-webhooks-.*\\.jar"))
                        .filter(f -> !f.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                        .toList();
                if (jars.size() == 1) {
                    return jars.getFirst();
                }
            }
        }
        return fail("No single module-webhooks-*.jar in " + target + ". Build it with the reactor first: "
                + "mvn -pl console-app -am verify (or mvn -pl examples/module-webhooks -am package).");
    }
}
