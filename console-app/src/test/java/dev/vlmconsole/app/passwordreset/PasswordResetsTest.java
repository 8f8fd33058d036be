package dev.vlmconsole.app.passwordreset;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.PASSWORD_RESET_TOKEN;
import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.PublicLinks;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.mail.MailDispatcher;
import dev.vlmconsole.app.mail.MailTesting;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginThrottle;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.support.ConsoleTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** "Forgot password" with a real SMTP server (GreenMail): the service the pages use, on a mail-enabled outbox. */
class PasswordResetsTest extends ConsoleTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern LINK = Pattern.compile("https://console\\.test/reset-password/([A-Za-z0-9_-]{43})");

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    UserRepository users;

    @Autowired
    SessionEpochs sessions;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    AuditLog audit;

    @Autowired
    CurrentConsoleContext context;

    @Autowired
    ConsoleProperties consoleSettings;

    private MailDispatcher dispatcher;
    private ExecutorService background;
    private ConsoleProperties settings;
    private PasswordResets resets;

    @BeforeEach
    void mailEnabledResets() {
        // each test asks from a network address of its own, so that the per-address limit is its own
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        dispatcher = MailTesting.dispatcher(db, transactions, MailTesting.sender(greenMail));
        dispatcher.start();
        settings = new ConsoleProperties(
                consoleSettings.dataDir(),
                "https://console.test",
                consoleSettings.security(),
                consoleSettings.api(),
                consoleSettings.plans(),
                consoleSettings.bootstrap(),
                consoleSettings.payments(),
                consoleSettings.feed(),
                consoleSettings.mail(),
                consoleSettings.passwordReset(),
                consoleSettings.supportContact(),
                consoleSettings.audit(),
                consoleSettings.oidc());
        background = Executors.newSingleThreadExecutor();
        resets = resets(settings, background);
    }

    /** A service like the console's bean, with its transactions, handing its background work to {@code executor}. */
    private PasswordResets resets(ConsoleProperties settings, Executor executor) {
        PasswordResets target = new PasswordResets(
                db,
                transactions,
                users,
                encoder,
                MailTesting.outbox(db, transactions, dispatcher),
                new PublicLinks(settings, "", 8080),
                sessions,
                throttle,
                audit,
                context,
                settings,
                Clock.systemUTC(),
                executor);
        // with its transactions, as the console's bean has them
        ProxyFactory proxy = new ProxyFactory(target);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(new TransactionInterceptor(transactions, new AnnotationTransactionAttributeSource()));
        return (PasswordResets) proxy.getProxy();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        dispatcher.stop();
    }

    private String linkFrom(MimeMessage mail) {
        Matcher m = LINK.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", ""));
        assertThat(m.find()).as("a reset link in the mail").isTrue();
        return m.group(1);
    }

    private String requestLink(TestUser user) {
        int before = MailTesting.receivedBy(greenMail, user.email()).size();
        assertThat(resets.request(user.email().toUpperCase())).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);
        List<MimeMessage> mails = MailTesting.awaitReceived(greenMail, user.email(), before + 1);
        assertThat(mails).hasSize(before + 1);
        return linkFrom(mails.getLast());
    }

    private int epoch(TestUser user) {
        return db.select(USERS.SESSION_EPOCH)
                .from(USERS)
                .where(USERS.ID.eq(user.id()))
                .fetchOne(USERS.SESSION_EPOCH);
    }

    private String hash(TestUser user) {
        return db.select(USERS.PASSWORD_HASH)
                .from(USERS)
                .where(USERS.ID.eq(user.id()))
                .fetchOne(USERS.PASSWORD_HASH);
    }

    @Test
    void the_mailed_link_sets_a_new_password_once_ends_every_session_and_is_audited() throws Exception {
        TestUser user = newUser();
        int epochBefore = epoch(user);

        String token = requestLink(user);
        MimeMessage mail = MailTesting.receivedBy(greenMail, user.email()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Reset your password");
        assertThat(GreenMailUtil.getBody(mail)).contains("30 minutes");
        assertThat(resets.check(token)).isEqualTo(PasswordResets.LinkState.VALID);
        // only the hash is stored
        assertThat(db.fetchExists(PASSWORD_RESET_TOKEN, PASSWORD_RESET_TOKEN.TOKEN_HASH.eq(token)))
                .isFalse();
        assertThat(db.fetchExists(
                        PASSWORD_RESET_TOKEN, PASSWORD_RESET_TOKEN.TOKEN_HASH.eq(PasswordResets.sha256(token))))
                .isTrue();

        resets.reset(token, "a brand new password");

        assertThat(encoder.matches("a brand new password", hash(user))).isTrue();
        assertThat(encoder.matches(PASSWORD, hash(user))).isFalse();
        assertThat(epoch(user)).isGreaterThan(epochBefore);
        assertThat(resets.check(token)).isEqualTo(PasswordResets.LinkState.USED);
        assertThatThrownBy(() -> resets.reset(token, "yet another password"))
                .isInstanceOfSatisfying(
                        PasswordResets.LinkNotUsableException.class,
                        e -> assertThat(e.state()).isEqualTo(PasswordResets.LinkState.USED));
        assertThat(encoder.matches("a brand new password", hash(user))).isTrue();
        var entry = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.TARGET_ID.eq(user.id().toString()))
                .and(AUDIT_LOG.ACTION.eq("core.account.password_reset"))
                .fetchOne();
        assertThat(entry).isNotNull();
        assertThat(entry.getTargetType()).isEqualTo("user");
    }

    @Test
    void an_unknown_address_gets_the_same_answer_and_no_mail() {
        String nobody = "nobody-" + unique() + "@example.test";

        assertThat(resets.request(nobody)).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);
        assertThat(resets.request("not an address")).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);

        assertThat(MailTesting.awaitReceived(greenMail, nobody, 1)).isEmpty();
    }

    @Test
    void an_unknown_address_takes_the_same_steps_on_the_asking_thread_as_a_real_account() {
        List<Runnable> queued = new ArrayList<>();
        PasswordResets recording = resets(settings, queued::add);
        TestUser user = newUser();
        String nobody = "nobody-" + unique() + "@example.test";

        // both answers come back before any account-specific work, each leaving one task for the executor
        assertThat(recording.request(user.email())).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);
        assertThat(queued).hasSize(1);
        assertThat(recording.request(nobody)).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);
        assertThat(queued).hasSize(2);
        assertThat(db.fetchCount(PASSWORD_RESET_TOKEN, PASSWORD_RESET_TOKEN.USER_ID.eq(user.id())))
                .isZero();

        // the tasks do the real work: a link for the account, nothing for the unknown address
        queued.forEach(Runnable::run);
        assertThat(db.fetchCount(PASSWORD_RESET_TOKEN, PASSWORD_RESET_TOKEN.USER_ID.eq(user.id())))
                .isEqualTo(1);
        assertThat(MailTesting.awaitReceived(greenMail, user.email(), 1)).hasSize(1);
        assertThat(MailTesting.awaitReceived(greenMail, nobody, 1)).isEmpty();
    }

    @Test
    void an_expired_link_says_so_and_changes_nothing() {
        TestUser user = newUser();
        String token = requestLink(user);
        tx.executeWithoutResult(s -> db.update(PASSWORD_RESET_TOKEN)
                .set(PASSWORD_RESET_TOKEN.EXPIRES_AT, OffsetDateTime.now().minusSeconds(1))
                .where(PASSWORD_RESET_TOKEN.TOKEN_HASH.eq(PasswordResets.sha256(token)))
                .execute());

        assertThat(resets.check(token)).isEqualTo(PasswordResets.LinkState.EXPIRED);
        assertThatThrownBy(() -> resets.reset(token, "a brand new password"))
                .isInstanceOf(PasswordResets.LinkNotUsableException.class)
                .hasMessageContaining("expired");
        assertThat(encoder.matches(PASSWORD, hash(user))).isTrue();
    }

    @Test
    void a_new_link_voids_the_older_one() {
        TestUser user = newUser();
        String first = requestLink(user);
        String second = requestLink(user);

        assertThat(resets.check(first)).isEqualTo(PasswordResets.LinkState.REPLACED);
        assertThat(resets.check(second)).isEqualTo(PasswordResets.LinkState.VALID);
        assertThat(resets.check("made-up-token")).isEqualTo(PasswordResets.LinkState.UNKNOWN);
    }

    @Test
    void a_weak_password_is_refused_and_the_link_still_works() {
        TestUser user = newUser();
        String token = requestLink(user);

        assertThatThrownBy(() -> resets.reset(token, "short"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(PasswordResets.PASSWORD)).isPresent());
        assertThat(resets.check(token)).isEqualTo(PasswordResets.LinkState.VALID);
    }

    @Test
    void requests_are_throttled_per_address_with_the_same_answer() {
        TestUser user = newUser();
        for (int i = 0; i < 3; i++) {
            requestLink(user);
        }

        assertThat(resets.request(user.email())).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);

        assertThat(MailTesting.awaitReceived(greenMail, user.email(), 4)).hasSize(3);
    }

    @Test
    void requests_are_throttled_per_network_address_across_accounts() {
        for (int i = 0; i < 30; i++) {
            resets.request("nobody-" + unique() + "@example.test");
        }
        TestUser user = newUser();

        assertThat(resets.request(user.email())).isEqualTo(PasswordResets.Answer.LINK_SENT_IF_ACCOUNT);

        assertThat(MailTesting.awaitReceived(greenMail, user.email(), 1)).isEmpty();
    }
}
