package dev.vlmconsole.app.setup;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.SETUP_TOKEN;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;
import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_SECRETS;
import static dev.vlmconsole.keys.db.Tables.PLATFORM_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.mvysny.fakeservlet.FakeHttpSession;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.internal.CurrentInstance;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedHttpSession;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.audit.StoredAuditText;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginView;
import dev.vlmconsole.app.support.KaribuSupport;
import dev.vlmconsole.app.twofactor.TwoFactorGate;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first start of an install without bootstrap variables, on a database of its own that each
 * test empties again. (Everything else shares one context where people always exist.)
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:console-first-run-test;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.data-dir=target/test-data",
            "console.plugins-dir=target/test-data/no-plugins",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=",
            "CONSOLE_BOOTSTRAP_ADMIN_KEY=" + FirstRunTest.ADMIN_KEY,
            "CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + FirstRunTest.PLATFORM_KEY,
            "console.public-url=https://console.example.test/",
            "spring.main.banner-mode=off",
        })
class FirstRunTest {

    static final String ADMIN_KEY = "vlm_admin_00000000000000000000000000000000" + "2wjyrI";
    static final String PLATFORM_KEY = "vlm_svc_00000000000000000000000000000000" + "2wjyrI";
    private static final String EMAIL = "first.owner@example.test";
    private static final String PASSWORD = "the very first password";

    @Autowired
    FirstRun firstRun;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    UserRepository users;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    ApplicationContext context;

    @Autowired
    KeyService keys;

    @Autowired
    SetupLink setupLink;

    @Autowired
    PlatformKeyAuthenticator platformKeys;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private VaadinServletRequest rotatingRequest;
    private String token;

    @BeforeEach
    void freshInstall() {
        tx.executeWithoutResult(s -> {
            db.deleteFrom(API_KEY_SECRETS).execute();
            db.deleteFrom(API_KEYS).execute();
            db.deleteFrom(PLATFORM_KEYS).execute();
            db.deleteFrom(MEMBERSHIPS).execute();
            db.deleteFrom(AUDIT_LOG).execute();
            db.deleteFrom(WORKSPACES).execute();
            db.deleteFrom(USERS).execute();
            db.deleteFrom(SETUP_TOKEN).execute();
        });
        log.start();
        firstRunLogger().addAppender(log);
        firstRun.afterSingletonsInstantiated();
        token = loggedToken();
        KaribuSupport.setUp(context);
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
        firstRunLogger().detachAppender(log);
    }

    @Test
    void a_fresh_install_logs_a_setup_link_and_stores_only_its_hash() {
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        String stored = db.select(SETUP_TOKEN.TOKEN_HASH).from(SETUP_TOKEN).fetchSingle(SETUP_TOKEN.TOKEN_HASH);
        assertThat(stored).isEqualTo(FirstRun.sha256(token)).doesNotContain(token);
        assertThat(firstRun.setupOpen()).isTrue();
    }

    @Test
    void a_wrong_token_is_refused_and_creates_nobody() {
        assertThatThrownBy(() -> firstRun.completeSetup("not-the-token", EMAIL, "First", PASSWORD, "First workspace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("This setup link is not valid");

        assertThat(firstRun.setupOpen()).isTrue();
        assertThat(db.fetchCount(USERS)).isZero();
    }

    @Test
    void the_right_token_creates_the_owner_the_workspace_and_an_audit_entry() {
        firstRun.completeSetup(token, "  First.Owner@Example.test ", "First", PASSWORD, "First workspace");

        UserRepository.UserRow owner = tx.execute(s -> users.findByEmail(EMAIL)).orElseThrow();
        assertThat(owner.displayName()).isEqualTo("First");
        assertThat(owner.operator())
                .as("the first Owner is the install's first operator")
                .isTrue();
        assertThat(encoder.matches(PASSWORD, owner.passwordHash())).isTrue();
        List<WorkspaceRef> memberships = tx.execute(s -> workspaceRepository.memberships(owner.id()));
        assertThat(memberships).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("First workspace");
            assertThat(w.role()).isEqualTo(Role.OWNER);
        });
        var entry = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("core.install.bootstrapped"))
                .fetchSingle();
        assertThat(entry.getAction()).isEqualTo("core.install.bootstrapped");
        assertThat(entry.getWorkspaceId()).isEqualTo(memberships.getFirst().id());
        assertThat(entry.getActorKind()).isEqualTo(Actor.Kind.SYSTEM.name());
        assertThat(entry.getTargetType()).isEqualTo("user");
        assertThat(entry.getTargetId()).isEqualTo(owner.id().toString());
        assertThat(StoredAuditText.readable(db, entry.getTarget())).isEqualTo("First <" + EMAIL + ">");
        assertThat(firstRun.setupOpen()).isFalse();
    }

    @Test
    void the_token_works_only_once() {
        firstRun.completeSetup(token, EMAIL, "First", PASSWORD, "First workspace");

        assertThatThrownBy(() -> firstRun.completeSetup(token, "second@example.test", "Second", PASSWORD, "Second"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.fetchCount(USERS)).isEqualTo(1);
    }

    @Test
    void a_refused_password_does_not_burn_the_token() {
        assertThatThrownBy(() -> firstRun.completeSetup(token, EMAIL, "First", "short", "First workspace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Use at least 12 characters.");
        assertThat(db.fetchCount(USERS)).isZero();

        firstRun.completeSetup(token, EMAIL, "First", PASSWORD, "First workspace");
        assertThat(db.fetchCount(USERS)).isEqualTo(1);
    }

    @Test
    void the_login_page_points_to_the_setup_link_while_nobody_exists() {
        UI.getCurrent().navigate("login");

        LocatorJ._assertOne(Paragraph.class, s -> s.withClasses("hint"));
    }

    @Test
    void the_setup_page_creates_the_owner_who_lands_signed_in_in_the_new_workspace_with_a_new_session_id() {
        UI.getCurrent().navigate("setup", QueryParameters.of("token", token));
        assertThat(_get(TextField.class, s -> s.withLabel("Setup token")).getValue())
                .isEqualTo(token);
        HttpSession session =
                VaadinSession.getCurrent().getSession() instanceof WrappedHttpSession w ? w.getHttpSession() : null;
        String sessionIdBefore = session.getId();
        rotatableSessionIds();

        _setValue(_get(TextField.class, s -> s.withLabel("Workspace name")), "Acme");
        _setValue(_get(TextField.class, s -> s.withLabel("Your name")), "First");
        _setValue(_get(EmailField.class, s -> s.withLabel("Email")), EMAIL);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), PASSWORD);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Confirm password")), PASSWORD);
        _click(_get(Button.class, s -> s.withText("Create Owner and workspace")));

        UserRepository.UserRow owner = tx.execute(s -> users.findByEmail(EMAIL)).orElseThrow();
        SecurityContext signedIn = (SecurityContext)
                session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(signedIn.getAuthentication().getPrincipal())
                .isInstanceOfSatisfying(
                        ConsoleUser.class, u -> assertThat(u.id()).isEqualTo(owner.id()));
        assertThat(session.getId())
                .as("a new session id, as form sign-in gives")
                .isNotEqualTo(sessionIdBefore);
        WorkspaceRef acme =
                tx.execute(s -> workspaceRepository.memberships(owner.id())).getFirst();
        assertThat(acme.name()).isEqualTo("Acme");
        assertThat(session.getAttribute("console.workspace")).isEqualTo(acme.id());
        assertThat(UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations())
                .anySatisfy(js -> assertThat(js.getInvocation().getParameters()).contains("./"));
        LocatorJ._assertNone(LoginView.class);
        assertThat(context.getBean(TwoFactorGate.class).need())
                .as("the first Owner uses the console at once (DD027)")
                .isEqualTo(TwoFactorGate.Need.NOTHING);
        assertThat(context.getBean(CurrentConsoleContext.class).can(Permissions.OPERATOR))
                .as("the first Owner is the first operator, whose powers wait for two-factor sign-in")
                .isFalse();

        // a visitor (signed out) opening the link again
        session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        context.getBean(SecurityContextHolderStrategy.class).clearContext();
        SecurityContextHolder.clearContext();
        UI.getCurrent().navigate("setup", QueryParameters.of("token", token));
        LocatorJ._assertOne(Paragraph.class, s -> s.withText("Setup is complete."));
    }

    @Test
    void a_setup_link_starts_with_the_public_url() {
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("Open https://console.example.test/setup?token=" + token + " to create one"));
    }

    @Test
    void names_that_break_the_name_rule_are_refused_beside_their_field_and_create_nobody() {
        UI.getCurrent().navigate("setup", QueryParameters.of("token", token));
        _setValue(_get(TextField.class, s -> s.withLabel("Your name")), "x".repeat(5000));
        _setValue(_get(EmailField.class, s -> s.withLabel("Email")), EMAIL);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), PASSWORD);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Confirm password")), PASSWORD);
        _click(_get(Button.class, s -> s.withText("Create Owner and workspace")));

        TextField name = _get(TextField.class, s -> s.withLabel("Your name"));
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Use at most 100 characters.");

        _setValue(name, "First");
        TextField workspace = _get(TextField.class, s -> s.withLabel("Workspace name"));
        _setValue(workspace, "Acme\r\nINFO forged log line");
        _click(_get(Button.class, s -> s.withText("Create Owner and workspace")));

        assertThat(name.isInvalid()).isFalse();
        assertThat(workspace.isInvalid()).isTrue();
        assertThat(workspace.getErrorMessage()).startsWith("Remove line breaks");
        assertThat(db.fetchCount(USERS)).isZero();
        assertThat(firstRun.setupOpen()).isTrue();
    }

    @Test
    void the_bootstrap_admin_key_goes_into_the_first_workspace_of_first_run() {
        firstRun.completeSetup(token, EMAIL, "First", PASSWORD, "First workspace");

        UserRepository.UserRow owner = tx.execute(s -> users.findByEmail(EMAIL)).orElseThrow();
        UUID first = tx.execute(s -> workspaceRepository.memberships(owner.id()))
                .getFirst()
                .id();
        assertThat(db.select(API_KEYS.WORKSPACE_ID).from(API_KEYS).fetch(API_KEYS.WORKSPACE_ID))
                .containsExactly(first);
        assertThat(keys.exists(ADMIN_KEY)).isTrue();
    }

    @Test
    void the_bootstrap_platform_key_is_installed_by_first_run_with_every_scope() {
        assertThat(platformKeys.authenticate(PLATFORM_KEY))
                .as("not before first run")
                .isEmpty();

        firstRun.completeSetup(token, EMAIL, "First", PASSWORD, "First workspace");

        assertThat(platformKeys.authenticate(PLATFORM_KEY))
                .hasValueSatisfying(k -> assertThat(k.scopes()).isEqualTo(PlatformKeyPrincipal.ALL_SCOPES));
        assertThat(db.fetchCount(PLATFORM_KEYS)).isEqualTo(1);
    }

    @Test
    void a_bootstrap_admin_key_set_on_a_running_install_is_not_installed_into_a_new_workspace() {
        UUID person = tx.execute(s -> users.insert("running@example.test", "Running", encoder.encode(PASSWORD), false));
        tx.execute(s -> workspaces.createWithOwner("Existing", person));

        tx.execute(s -> workspaces.createWithOwner("Created later", person));

        assertThat(keys.exists(ADMIN_KEY)).isFalse();
        assertThat(db.fetchCount(API_KEYS)).isZero();
    }

    @Test
    void the_setup_page_shows_why_a_wrong_token_is_refused() {
        UI.getCurrent().navigate("setup", QueryParameters.of("token", "forged"));

        _setValue(_get(EmailField.class, s -> s.withLabel("Email")), EMAIL);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), PASSWORD);
        _setValue(_get(PasswordField.class, s -> s.withLabel("Confirm password")), PASSWORD);
        _click(_get(Button.class, s -> s.withText("Create Owner and workspace")));

        TextField tokenField = _get(TextField.class, s -> s.withLabel("Setup token"));
        assertThat(tokenField.isInvalid()).isTrue();
        assertThat(tokenField.getErrorMessage()).startsWith("This setup link is not valid");
        assertThat(firstRun.setupOpen()).isTrue();
    }

    @Test
    void bootstrap_variables_create_the_owner_without_a_setup_link_or_secret_in_the_log() {
        tx.executeWithoutResult(s -> db.deleteFrom(SETUP_TOKEN).execute());
        log.list.clear();
        FirstRun bootstrapped = new FirstRun(
                users,
                workspaces,
                encoder,
                db,
                audit,
                context,
                setupLink,
                FirstRunAcrossNodesTest.bootstrapping(
                        context.getBean(ConsoleProperties.class),
                        new ConsoleProperties.Bootstrap(
                                "boot@example.test", "bootstrap password 1", "Boot workspace")));

        tx.executeWithoutResult(s -> bootstrapped.afterSingletonsInstantiated());

        UserRepository.UserRow owner =
                tx.execute(s -> users.findByEmail("boot@example.test")).orElseThrow();
        List<WorkspaceRef> memberships = tx.execute(s -> workspaceRepository.memberships(owner.id()));
        assertThat(memberships)
                .extracting(WorkspaceRef::name, WorkspaceRef::role)
                .containsExactly(tuple("Boot workspace", Role.OWNER));
        assertThat(db.fetchCount(SETUP_TOKEN)).isZero();
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("bootstrap password 1") || m.contains("token="));
    }

    /**
     * Karibu's fake request cannot change the session id (nor say that it is valid); its fake session
     * can. Vaadin holds current instances weakly, so the test keeps the replacement request.
     */
    private void rotatableSessionIds() {
        VaadinServletRequest current = (VaadinServletRequest) VaadinRequest.getCurrent();
        HttpServletRequest fake = current.getHttpServletRequest();
        HttpServletRequest rotating = new HttpServletRequestWrapper(fake) {
            @Override
            public boolean isRequestedSessionIdValid() {
                return true;
            }

            @Override
            public String changeSessionId() {
                return ((FakeHttpSession) fake.getSession()).changeSessionId();
            }
        };
        rotatingRequest = new VaadinServletRequest(rotating, current.getService());
        CurrentInstance.set(VaadinRequest.class, rotatingRequest);
    }

    private static Logger firstRunLogger() {
        return (Logger) LoggerFactory.getLogger(FirstRun.class);
    }

    private String loggedToken() {
        Pattern link = Pattern.compile("/setup\\?token=([A-Za-z0-9_-]+)");
        return log.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .map(link::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no setup link in the log"));
    }
}
