package dev.vlmconsole.app.support;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import jakarta.servlet.http.HttpSession;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one Spring test context every console test shares: the whole application on a running
 * server (random port) over an in-memory H2 database, with the {@link ProbeModule}. Tests never
 * clean up; they stay independent by creating their own people and workspaces with random names.
 *
 * <p>Every test runs as if inside a web request (a mock request and session are bound), so the
 * chosen workspace has a session to live in, as it has in production.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:console-shared-test;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            // operators here stand for people outside any workspace; TwoFactorGateTest covers the rule itself
            "console.security.operators-require-two-factor=false",
            "console.data-dir=target/test-data",
            "console.plugins-dir=target/test-data/no-plugins",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=",
            "spring.main.banner-mode=off",
        })
@Import(ProbeModule.Config.class)
public abstract class ConsoleTest {

    /** Every test person's password: long enough for the console's rules. */
    public static final String PASSWORD = "correct horse battery staple";

    @Autowired
    protected TransactionTemplate tx;

    @Autowired
    protected DSLContext db;

    @Autowired
    protected PasswordEncoder encoder;

    @Autowired
    protected UserRepository userRepository;

    @Autowired
    protected WorkspaceRepository workspaceRepository;

    @Autowired
    protected WorkspaceService workspaceService;

    /** A person created for a test. */
    public record TestUser(UUID id, String email, String displayName, String password, boolean operator) {

        /** The principal form sign-in would produce for this person. */
        public ConsoleUser principal() {
            return new ConsoleUser(id, email, displayName, operator, 0, null);
        }
    }

    /** A workspace created for a test. */
    public record Workspace(UUID id, String name) {}

    @BeforeEach
    void bindRequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
    }

    @AfterEach
    void clearSignIn() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    /**
     * Ends the bound request and binds the next one of the same session, as a person's next click or
     * API call would start: what the console keeps per request (the acting membership) is read afresh.
     */
    protected static void nextRequest() {
        HttpSession session = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest()
                .getSession(false);
        MockHttpServletRequest next = new MockHttpServletRequest();
        next.setSession(session);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(next));
    }

    /** A short random tag that keeps test data of different tests apart. */
    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    protected TestUser newUser() {
        return newUser(false);
    }

    /** A person who is support staff (operator) and belongs to no workspace. */
    protected TestUser newOperator() {
        return newUser(true);
    }

    private TestUser newUser(boolean operator) {
        String tag = unique();
        String email = "user-" + tag + "@example.test";
        String name = "User " + tag;
        UUID id = tx.execute(s -> userRepository.insert(email, name, encoder.encode(PASSWORD), operator));
        return new TestUser(id, email, name, PASSWORD, operator);
    }

    protected Workspace newWorkspace() {
        return newWorkspace("Workspace " + unique());
    }

    protected Workspace newWorkspace(String name) {
        return new Workspace(tx.execute(s -> workspaceRepository.insertWorkspace(name)), name);
    }

    protected void addMember(Workspace workspace, TestUser user, Role role) {
        tx.executeWithoutResult(s -> workspaceRepository.insertMembership(workspace.id(), user.id(), role));
    }

    /** A new person with {@code role} in {@code workspace}. */
    protected TestUser newMember(Workspace workspace, Role role) {
        TestUser user = newUser();
        addMember(workspace, user, role);
        return user;
    }

    /** Signs {@code user} in, as form sign-in would, without choosing a workspace. */
    protected void login(TestUser user) {
        ConsoleUser principal = user.principal();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        afterLogin(context);
    }

    /** Signs {@code user} in and switches to {@code workspace} (they must be a member). */
    protected void login(TestUser user, Workspace workspace) {
        login(user);
        workspaceService.switchTo(workspace.id());
    }

    /** Hook for subclasses that keep the security context elsewhere too. */
    protected void afterLogin(SecurityContext context) {}

    /** Writes an audit entry directly, at a chosen time, as test data. */
    protected void auditEntry(Workspace workspace, String actorName, String action, OffsetDateTime at) {
        tx.executeWithoutResult(s -> db.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.WORKSPACE_ID, workspace.id())
                .set(AUDIT_LOG.OCCURRED_AT, at)
                .set(AUDIT_LOG.ACTOR_KIND, "USER")
                .set(AUDIT_LOG.ACTOR_ID, UUID.randomUUID())
                .set(AUDIT_LOG.ACTOR_NAME, actorName)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.TARGET, "target of " + action)
                .set(AUDIT_LOG.DETAILS, "")
                .set(AUDIT_LOG.SOURCE_ADDRESS, "203.0.113.7")
                .execute());
    }
}
