package dev.vlmconsole.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.app.mail.MailTesting;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.VerificationCode;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real browser: Debian's Chromium, headless, against the app on a random port
 * with an in-memory database, a bootstrapped Owner and a real SMTP server (GreenMail) for its mail.
 *
 * <p>Vaadin runs in production mode on the bundle that {@code build-frontend} put into
 * {@code target/classes} earlier in the same build (failsafe runs after {@code package}), which is
 * what the jar ships. Pinned here because {@code vaadin-dev} is on the test class path: dev mode
 * also works without Node (Vaadin's prebuilt dev bundle), but it starts file watchers and dev
 * tools and copies frontend files into {@code src/main/frontend}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:browser;DB_CLOSE_DELAY=-1",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=" + BrowserSmokeIT.OWNER,
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=" + BrowserSmokeIT.PASSWORD,
            // the first Owner is also the first operator (DD024); two-factor sign-in has its own tests
            "console.security.operators-require-two-factor=false",
            "console.plugins-dir=${java.io.tmpdir}/console-browser-it-no-plugins",
            "vaadin.productionMode=true"
        })
@ExtendWith(BrowserSmokeIT.BrowserInstalledOrCi.class)
class BrowserSmokeIT {

    static final String OWNER = "owner@example.com";
    static final String PASSWORD = "correct-horse-battery";
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyVerifier verifier;

    WebDriver driver;
    WebDriverWait wait;

    /** Every browser a test opened (a second one stands for a second person); closed after the test. */
    private final List<WebDriver> browsers = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = this::screenshotOnFailure;

    /** Under CI=true a missing browser is an error, never a silent skip. */
    @BeforeAll
    static void browserInstalled() {
        if (onCi() && !(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM))) {
            fail("CI=true but Chromium is missing: install the Debian packages 'chromium' and 'chromium-driver' ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "); .ci/run does that");
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = newBrowser();
        wait = new WebDriverWait(driver, TIMEOUT);
    }

    private WebDriver newBrowser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900");
        WebDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        return browser;
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void the_owner_signs_in_and_opens_the_audit_log() {
        signIn(OWNER, PASSWORD);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome, Owner"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(sideNavItem("Dashboard")));

        // the item's own link sits in its shadow root; clicking the item reaches it as a user's click would
        wait.until(ExpectedConditions.elementToBeClickable(sideNavItem("Audit log")))
                .click();

        wait.until(ExpectedConditions.urlMatches("/audit$"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Audit log"));
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//vaadin-grid//vaadin-grid-cell-content[normalize-space(.)='core.install.bootstrapped']")));
        assertThat(entry.getText()).isEqualTo("core.install.bootstrapped");
    }

    @Test
    void the_owner_creates_a_key_sees_its_secret_once_and_revokes_it() {
        signIn(OWNER, PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(sideNavItem("API keys")))
                .click();
        wait.until(ExpectedConditions.urlMatches("/keys$"));
        String secret = createKey(driver, wait, "Browser key");
        assertThat(secret).matches("vlm_live_[0-9A-Za-z]{38}");
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.VALID);

        wait.until(ExpectedConditions.elementToBeClickable(button("I've copied it")))
                .click();
        wait.until(
                ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("vaadin-text-field.keys-secret-value")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(gridCell(secret.substring(0, 13) + "…")));
        assertThat(driver.getPageSource())
                .as("the secret is gone from the page")
                .doesNotContain(secret);

        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("vaadin-grid vaadin-menu-bar.ui-row-actions vaadin-menu-bar-button")))
                .click();
        clickMenuItem(driver, wait, "Revoke");
        wait.until(ExpectedConditions.elementToBeClickable(button("Revoke key")))
                .click();
        // the notification comes from the round trip that revoked this key (another row may already say Revoked)
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("vaadin-notification-card"), "Key 'Browser key' revoked"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(gridCell("Revoked")));
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.REVOKED);
    }

    @Test
    void the_owner_invites_by_mail_the_person_joins_in_their_own_browser_and_the_owner_removes_them() throws Exception {
        String invitee = "newcomer@example.com";
        signIn(OWNER, PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(sideNavItem("Team"))).click();
        wait.until(ExpectedConditions.urlMatches("/team$"));
        wait.until(ExpectedConditions.elementToBeClickable(button("Invite members")))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                        "//vaadin-text-area[@label='Email addresses' or .//label[normalize-space(.)='Email addresses']]"
                                + "//textarea")))
                .sendKeys(invitee);
        wait.until(ExpectedConditions.elementToBeClickable(button("Send invitations")))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".team-outcomes"), "1 sent."));
        assertThat(driver.getPageSource())
                .as("with a mail server no link is shown")
                .doesNotContain("/invite/");
        wait.until(ExpectedConditions.elementToBeClickable(button("Done"))).click();

        List<MimeMessage> mails = MailTesting.awaitReceived(greenMail, invitee, 1);
        assertThat(mails).as("one mail, once").hasSize(1);
        String link = linkIn(mails.getFirst());
        assertThat(link).startsWith(url("/invite/"));

        // a second person, in a browser of their own, opens the mail's link and joins as a new person
        WebDriver newcomer = newBrowser();
        WebDriverWait newcomerWait = new WebDriverWait(newcomer, TIMEOUT);
        newcomer.get(link);
        newcomerWait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Join "));
        assertThat(newcomer.findElement(By.cssSelector(".team-invite-text")).getText())
                .contains(invitee, "Member");
        newcomerWait
                .until(ExpectedConditions.elementToBeClickable(field("vaadin-text-field", "Your name")))
                .sendKeys("Newcomer Person");
        newcomer.findElement(field("vaadin-password-field", "Password")).sendKeys("a long enough password");
        newcomer.findElement(field("vaadin-password-field", "Confirm password")).sendKeys("a long enough password");
        newcomerWait
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-button[starts-with(normalize-space(.), 'Join ')]")))
                .click();
        newcomerWait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome, Newcomer Person"));
        newcomerWait.until(ExpectedConditions.visibilityOfElementLocated(sideNavItem("Team")));

        // the new member makes a key of their own
        newcomerWait
                .until(ExpectedConditions.elementToBeClickable(sideNavItem("API keys")))
                .click();
        newcomerWait.until(ExpectedConditions.urlMatches("/keys$"));
        String secret = createKey(newcomer, newcomerWait, "Newcomer key");
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.VALID);

        // the Owner removes them from the Team page; the confirmation names the key they lose
        driver.get(url("/team"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(gridCell(invitee)));
        // the Owner's own row has no actions: the one menu shown is the newcomer's
        WebElement actions = wait.until(d -> {
            List<WebElement> shown = d
                    .findElements(By.cssSelector("vaadin-grid vaadin-menu-bar.ui-row-actions vaadin-menu-bar-button"))
                    .stream()
                    .filter(WebElement::isDisplayed)
                    .toList();
            return shown.size() == 1 ? shown.getFirst() : null;
        });
        actions.click();
        clickMenuItem(driver, wait, "Remove");
        WebElement confirmation =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-confirm-text")));
        assertThat(confirmation.getText()).contains("Newcomer Person", "Newcomer key", "will be revoked");
        wait.until(ExpectedConditions.elementToBeClickable(button("Remove member")))
                .click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(gridCell(invitee)));
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(MailTesting.receivedBy(greenMail, invitee)).hasSize(1);
    }

    /** The accept link in a mail's text part. */
    private static String linkIn(MimeMessage mail) throws Exception {
        String text = textPart(mail);
        assertThat(text).as("a text part in the mail").isNotNull();
        Matcher m = Pattern.compile("http://\\S+/invite/[A-Za-z0-9_-]+").matcher(text);
        assertThat(m.find()).as("a link in the mail").isTrue();
        return m.group();
    }

    private static String textPart(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                String text = textPart(parts.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /**
     * Clicks an item of an open row menu. The items live in the menu bar's overlay; Selenium's
     * visibility test does not see through its shadow roots, so this waits for the item to be there
     * and shown, then clicks it as a person would.
     */
    private static void clickMenuItem(WebDriver browser, WebDriverWait until, String label) {
        WebElement item = until.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//vaadin-menu-bar-item[normalize-space(.)='" + label + "']")));
        until.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript(
                        "const r = arguments[0].getBoundingClientRect(); return r.width > 0 && r.height > 0;", item));
        new Actions(browser).moveToElement(item).click().perform();
    }

    private static By field(String tag, String label) {
        return By.xpath("//" + tag + "[@label='" + label + "' or .//label[normalize-space(.)='" + label + "']]//input");
    }

    @Test
    void a_wrong_password_shows_the_error_and_stays_on_the_sign_in_page() {
        signIn(OWNER, "not-the-right-password");

        wait.until(ExpectedConditions.urlContains("/login?error"));
        WebElement form =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form[error]")));
        // the message is drawn inside the form's shadow DOM: vaadin-login-form > vaadin-login-form-wrapper
        WebElement title = wait.until(d -> {
            WebElement wrapper = form.getShadowRoot().findElement(By.cssSelector("vaadin-login-form-wrapper"));
            WebElement t = wrapper.getShadowRoot().findElement(By.cssSelector("[part='error-message-title']"));
            return t.isDisplayed() ? t : null;
        });
        assertThat(title.getText()).isEqualTo("Incorrect email or password");
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/login");
        assertThat(driver.findElements(By.cssSelector("vaadin-side-nav"))).isEmpty();
    }

    /** Creates a key on the open Keys page and answers its secret, as the page shows it once; closes the secret. */
    private static String createKey(WebDriver browser, WebDriverWait until, String keyName) {
        until.until(ExpectedConditions.elementToBeClickable(button("Create key")))
                .click();
        WebElement name = until.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-text-field[@label='Name' or .//label[normalize-space(.)='Name']]//input")));
        name.sendKeys(keyName);
        until.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-dialog//vaadin-button[normalize-space(.)='Create key'] | "
                                + "//vaadin-dialog-overlay//vaadin-button[normalize-space(.)='Create key']")))
                .click();

        WebElement secretField = until.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("vaadin-text-field.keys-secret-value input")));
        return until.until(d -> {
            String v = secretField.getDomProperty("value");
            return v != null && !v.isEmpty() ? v : null;
        });
    }

    private void signIn(String email, String password) {
        driver.get(url("/login"));
        WebElement username = wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-login-form input[name='username']")));
        username.sendKeys(email);
        driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"))
                .sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']"))
                .click();
    }

    private static By button(String text) {
        return By.xpath("//vaadin-button[normalize-space(.)=\"" + text + "\"]");
    }

    private static By gridCell(String text) {
        return By.xpath("//vaadin-grid//vaadin-grid-cell-content[normalize-space(.)='" + text + "']");
    }

    private static By sideNavItem(String label) {
        return By.xpath("//vaadin-side-nav//vaadin-side-nav-item[normalize-space(.)='" + label + "']");
    }

    private static boolean onCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips the class, before Spring starts, on a developer machine without chromedriver. */
    static class BrowserInstalledOrCi implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(CHROMEDRIVER) || onCi()) {
                return ConditionEvaluationResult.enabled("browser present, or CI");
            }
            String reason = "Skipping browser tests: " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver, or run .ci/run)";
            System.err.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void screenshotOnFailure(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isEmpty() || !(driver instanceof TakesScreenshot camera)) {
            return;
        }
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        Files.createDirectories(dir);
        File shot = camera.getScreenshotAs(OutputType.FILE);
        Path target = dir.resolve(context.getRequiredTestMethod().getName() + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("Screenshot of the failed browser test: " + target.toAbsolutePath());
    }
}
