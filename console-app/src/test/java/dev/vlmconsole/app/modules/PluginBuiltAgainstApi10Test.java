package dev.vlmconsole.app.modules;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.ModuleApi;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.support.KaribuSupport;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarFile;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Module API 1.1 is additive: the webhooks example exactly as it was compiled against module-api
 * 1.0 ({@code src/test/resources/compat}, rebuilt by {@code scripts/build-compat-plugin.sh}), dropped
 * into the plugins folder of today's console, registers, migrates, is routed and guarded, renders,
 * and its service works for a signed-in member: its descriptor records built with the 1.0
 * constructors, its audit calls, its own validation exception and its not-found path.
 *
 * <p>Anything in module-api or the shell that breaks a compiled 1.0 plugin (a removed or changed
 * method, record constructor or audit signature) fails here, with a {@code NoSuchMethodError} or
 * a page that no longer renders. See DD010.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginBuiltAgainstApi10Test {

    private static final String JAR = "/compat/module-webhooks-built-against-api-1.0.jar";
    private static final String PLUGIN_MODULE = "dev.vlmconsole.webhooks.WebhooksModule";
    private static final String PLUGIN_VIEW = "dev.vlmconsole.webhooks.WebhooksView";
    private static final String PASSWORD = "correct horse battery staple";
    /** The 1.0 canonical constructor of NavigationEntry, as the plugin's bytecode calls it. */
    private static final String NAVIGATION_ENTRY_1_0 =
            "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/Class;Ljava/lang/String;I)V";

    @TempDir
    static Path temp;

    private ConfigurableApplicationContext app;
    private ClassLoader pluginLoader;
    private final ClassLoader before = Thread.currentThread().getContextClassLoader();
    private Path jar;

    @BeforeAll
    void startConsoleWithThe10Plugin() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        jar = plugins.resolve("module-webhooks-built-against-api-1.0.jar");
        try (InputStream in = getClass().getResourceAsStream(JAR)) {
            assertThat(in).as("the compat jar " + JAR).isNotNull();
            Files.copy(in, jar);
        }
        assertThatThrownBy(() -> Class.forName(PLUGIN_MODULE, false, getClass().getClassLoader()))
                .as("the plugin must not be on the build classpath, or this test proves nothing")
                .isInstanceOf(ClassNotFoundException.class);
        app = ConsoleApplication.start(
                "--console.plugins-dir=" + plugins,
                "--console.data-dir=" + temp.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:compat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--console.security.bcrypt-cost=4",
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=",
                "--spring.main.banner-mode=off");
        pluginLoader = Thread.currentThread().getContextClassLoader();
    }

    @AfterAll
    void stopConsole() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            // start() made the plugin loader the thread's context loader; later tests must not see it
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @BeforeEach
    void setUpVaadin() {
        Thread.currentThread().setContextClassLoader(pluginLoader);
        KaribuSupport.setUp(app);
    }

    @AfterEach
    void tearDownVaadin() {
        KaribuSupport.tearDown();
        SecurityContextHolder.clearContext();
    }

    @Test
    void the_jar_is_the_plugin_as_compiled_against_1_0() throws IOException {
        try (JarFile plugin = new JarFile(jar.toFile())) {
            String module = new String(
                    plugin.getInputStream(plugin.getEntry("dev/vlmconsole/webhooks/WebhooksModule.class"))
                            .readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertThat(module)
                    .as("descriptors built with the 1.0 constructors, not the 1.1 builders")
                    .contains("dev/vlmconsole/api/NavigationEntry", NAVIGATION_ENTRY_1_0)
                    .doesNotContain("builder");
            assertThat(plugin.getEntry("dev/vlmconsole/webhooks/InvalidWebhookException.class"))
                    .as("its own 1.0-era validation exception")
                    .isNotNull();
        }
        assertThat(ModuleApi.VERSION).as("this console").isNotEqualTo("1.0");
    }

    @Test
    void it_registers_with_its_navigation_entry_permissions_and_card() {
        ModuleRegistry registry = app.getBean(ModuleRegistry.class);
        ConsoleModule webhooks = registry.modules().stream()
                .filter(m -> m.id().equals("webhooks"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("module webhooks not registered: " + registry.modules()));
        assertThat(webhooks.getClass().getName()).isEqualTo(PLUGIN_MODULE);
        assertThat(webhooks.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());

        NavigationEntry entry = registry.navigation().stream()
                .filter(e -> e.path().equals("webhooks"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.title()).isEqualTo("Webhooks");
        assertThat(entry.icon()).isEqualTo("vaadin:connect");
        assertThat(entry.requiredPermission()).isEqualTo("webhooks.read");
        assertThat(entry.view().getName()).isEqualTo(PLUGIN_VIEW);
        assertThat(registry.dashboardCards())
                .anySatisfy(card -> assertThat(card.id()).isEqualTo("webhooks.endpoints"));

        assertThat(registry.isGranted(Role.OWNER, "webhooks.manage")).isTrue();
        assertThat(registry.isGranted(Role.ADMIN, "webhooks.manage")).isTrue();
        assertThat(registry.isGranted(Role.MEMBER, "webhooks.manage")).isFalse();
        assertThat(registry.isGranted(Role.MEMBER, "webhooks.read")).isTrue();
        assertThat(registry.isGranted(Role.BILLING, "webhooks.read")).isFalse();
    }

    @Test
    void its_migration_runs_after_core_with_its_own_history() throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertThat(tables).contains("webhook_endpoints", "flyway_schema_history_webhooks");
            try (ResultSet rs = c.createStatement()
                    .executeQuery(
                            "select \"success\" from \"flyway_schema_history_webhooks\" where \"version\" = '1'")) {
                assertThat(rs.next()).as("V1 of webhooks recorded").isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @Test
    void its_page_is_routed_and_closed_to_anonymous_visitors() throws IOException, InterruptedException {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<Void> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(base + "/webhooks"))
                        .timeout(Duration.ofSeconds(120))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(anonymous.statusCode()).as("anonymous visit of /webhooks").isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void an_owner_adds_an_endpoint_through_its_page_which_is_audited_and_counted_on_the_dashboard()
            throws SQLException {
        UUID workspace = newWorkspace();
        signIn(newMember(workspace, Role.OWNER), workspace);

        UI.getCurrent().navigate("webhooks");
        assertThat(UI.getCurrent().getCurrentView().getClass().getName()).isEqualTo(PLUGIN_VIEW);
        _assertOne(H1.class, s -> s.withText("Webhooks"));
        assertThat(_find(SideNavItem.class).stream().map(SideNavItem::getLabel)).contains("Webhooks");
        Grid<?> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isZero();

        addEndpoint("https://hooks.example.com/console");

        _assertNone(Dialog.class);
        NotificationsKt.expectNotifications("Endpoint added");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(GridKt._getFormattedRow(grid, 0)).contains("https://hooks.example.com/console", "keys.key_revoked");
        UUID endpoint = endpointId(workspace, "https://hooks.example.com/console");
        assertThat(auditTexts(workspace, "webhooks.endpoint.created"))
                .singleElement()
                .asString()
                .contains(endpoint.toString(), "https://hooks.example.com/console");

        UI.getCurrent().navigate(DashboardView.class);
        _assertOne(H3.class, s -> s.withText("Webhooks"));
        _assertOne(Span.class, s -> s.withText("1 endpoint, 1 enabled"));
    }

    @Test
    void refused_input_is_explained_at_its_field_and_changes_nothing() throws SQLException {
        UUID workspace = newWorkspace();
        signIn(newMember(workspace, Role.ADMIN), workspace);
        UI.getCurrent().navigate("webhooks");

        addEndpoint("http://hooks.example.com/plain");
        TextField url = _get(TextField.class, s -> s.withLabel("Endpoint URL"));
        assertThat(url.isInvalid()).isTrue();
        assertThat(url.getErrorMessage()).isEqualTo("Use an https:// URL: notifications are only sent encrypted.");
        _click(_get(Button.class, s -> s.withText("Cancel")));

        addEndpoint("https://hooks.example.com/once");
        addEndpoint("https://hooks.example.com/once");
        url = _get(TextField.class, s -> s.withLabel("Endpoint URL"));
        assertThat(url.getErrorMessage()).isEqualTo("This URL is already registered.");

        assertThat(count("select count(*) from webhook_endpoints where workspace_id = ?", workspace))
                .isEqualTo(1);
        assertThat(auditTexts(workspace, "webhooks.endpoint.created")).hasSize(1);
    }

    @Test
    void disabling_enabling_and_deleting_are_audited_and_a_vanished_endpoint_is_reported() throws SQLException {
        UUID workspace = newWorkspace();
        signIn(newMember(workspace, Role.OWNER), workspace);
        UI.getCurrent().navigate("webhooks");
        addEndpoint("https://hooks.example.com/a");
        addEndpoint("https://hooks.example.com/b");
        Grid<?> grid = _get(Grid.class);
        UUID a = endpointId(workspace, "https://hooks.example.com/a");

        _click(_get(
                GridKt._getCellComponent(grid, row(grid, "/a"), "actions"), Button.class, s -> s.withText("Disable")));
        assertThat(((Span) GridKt._getCellComponent(grid, row(grid, "/a"), "status")).getText())
                .isEqualTo("Disabled");
        _click(_get(
                GridKt._getCellComponent(grid, row(grid, "/a"), "actions"), Button.class, s -> s.withText("Enable")));
        assertThat(auditTexts(workspace, "webhooks.endpoint.disabled"))
                .singleElement()
                .asString()
                .contains(a.toString());
        assertThat(auditTexts(workspace, "webhooks.endpoint.enabled"))
                .singleElement()
                .asString()
                .contains(a.toString());

        // another tab deletes b; this page still shows it, and switching it is reported, not a crash
        update(
                "delete from webhook_endpoints where url = ? and workspace_id = ?",
                "https://hooks.example.com/b",
                workspace);
        NotificationsKt.clearNotifications();
        _click(_get(
                GridKt._getCellComponent(grid, row(grid, "/b"), "actions"), Button.class, s -> s.withText("Disable")));
        NotificationsKt.expectNotifications("This endpoint no longer exists.");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(auditTexts(workspace, "webhooks.endpoint.disabled")).hasSize(1);
    }

    @Test
    void a_member_reads_without_managing_and_a_billing_member_is_refused() {
        UUID workspace = newWorkspace();
        signIn(newMember(workspace, Role.MEMBER), workspace);
        UI.getCurrent().navigate("webhooks");
        _assertOne(Grid.class);
        _assertNone(Button.class, s -> s.withText("Add endpoint"));

        KaribuSupport.tearDown();
        SecurityContextHolder.clearContext();
        KaribuSupport.setUp(app);
        signIn(newMember(workspace, Role.BILLING), workspace);
        UI.getCurrent().navigate("webhooks");
        _assertNone(Grid.class);
        _assertOne(AccessDeniedView.class);
        assertThat(_find(SideNavItem.class).stream().map(SideNavItem::getLabel)).doesNotContain("Webhooks");
    }

    // --- helpers: people, workspaces and the plugin's rows, without the shared Spring test context

    /** Opens the page's dialog, fills URL and one event, and saves (the dialog stays open when refused). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addEndpoint(String url) {
        if (_find(Dialog.class).isEmpty()) {
            _click(_get(Button.class, s -> s.withText("Add endpoint")));
        }
        Dialog dialog = _get(Dialog.class);
        _setValue(_get(dialog, TextField.class, s -> s.withLabel("Endpoint URL")), url);
        CheckboxGroup events = _get(dialog, CheckboxGroup.class);
        Object revoked = events.getListDataView()
                .getItems()
                .filter(item ->
                        events.getItemLabelGenerator().apply(item).toString().startsWith("keys.key_revoked"))
                .findFirst()
                .orElseThrow();
        _setValue(events, Set.of(revoked));
        _click(_get(dialog, Button.class, s -> s.withText("Add endpoint")));
    }

    /** The index of the grid's row whose URL ends with {@code urlEnd}. */
    private static int row(Grid<?> grid, String urlEnd) {
        for (int i = 0; i < GridKt._size(grid); i++) {
            if (GridKt._getFormattedRow(grid, i).stream().anyMatch(cell -> cell.endsWith(urlEnd))) {
                return i;
            }
        }
        throw new AssertionError("no row for " + urlEnd);
    }

    private UUID newWorkspace() {
        return tx().execute(s -> app.getBean(WorkspaceRepository.class).insertWorkspace("Compat " + unique()));
    }

    private ConsoleUser newMember(UUID workspace, Role role) {
        String tag = unique();
        String email = "compat-" + tag + "@example.test";
        UUID id = tx().execute(s -> {
            UUID user = app.getBean(UserRepository.class)
                    .insert(
                            email,
                            "Compat " + tag,
                            app.getBean(PasswordEncoder.class).encode(PASSWORD),
                            false);
            app.getBean(WorkspaceRepository.class).insertMembership(workspace, user, role);
            return user;
        });
        return new ConsoleUser(id, email, "Compat " + tag, false, 0, null);
    }

    /** Signs in as form sign-in would and switches to {@code workspace}, in the mocked Vaadin session. */
    private void signIn(ConsoleUser user, UUID workspace) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        KaribuSupport.signIn(context);
        app.getBean(WorkspaceService.class).switchTo(workspace);
    }

    private UUID endpointId(UUID workspace, String url) throws SQLException {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("select id from webhook_endpoints where workspace_id = ? and url = ?")) {
            s.setObject(1, workspace);
            s.setString(2, url);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("endpoint " + url).isTrue();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /**
     * Every text column of the workspace's audit entries with {@code action}, joined per entry: the
     * audit log's columns may change shape (typed targets), what the plugin wrote must still be there.
     */
    private List<String> auditTexts(UUID workspace, String action) throws SQLException {
        List<String> entries = new ArrayList<>();
        try (Connection c = dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("select * from audit_log where workspace_id = ? and action = ?")) {
            s.setObject(1, workspace);
            s.setString(2, action);
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder entry = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        entry.append(rs.getString(i)).append(' ');
                    }
                    entries.add(entry.toString());
                }
            }
        }
        return entries;
    }

    private long count(String sql, UUID workspace) throws SQLException {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, workspace);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void update(String sql, String url, UUID workspace) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, url);
            s.setObject(2, workspace);
            assertThat(s.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private DataSource dataSource() {
        return app.getBean(DataSource.class);
    }

    private TransactionTemplate tx() {
        return app.getBean(TransactionTemplate.class);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
