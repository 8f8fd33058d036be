package dev.vlmconsole.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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

/**
 * The console in a real browser: Debian's Chromium, headless, against the app on a random port
 * with an in-memory database and a bootstrapped Owner.
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

    @LocalServerPort
    int port;

    @Autowired
    KeyVerifier verifier;

    WebDriver driver;
    WebDriverWait wait;

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
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, TIMEOUT);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
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
        wait.until(ExpectedConditions.elementToBeClickable(button("Create key")))
                .click();
        WebElement name = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-text-field[@label='Name' or .//label[normalize-space(.)='Name']]//input")));
        name.sendKeys("Browser key");
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-dialog//vaadin-button[normalize-space(.)='Create key'] | "
                                + "//vaadin-dialog-overlay//vaadin-button[normalize-space(.)='Create key']")))
                .click();

        WebElement secretField = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("vaadin-text-field.keys-secret-value input")));
        String secret = wait.until(d -> {
            String v = secretField.getDomProperty("value");
            return v != null && !v.isEmpty() ? v : null;
        });
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
        // the row menu's items live in the menu bar's overlay; Selenium's visibility test does not see
        // through its shadow roots, so wait for the item to be there and shown, then click it as a person would
        WebElement revoke = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//vaadin-menu-bar-item[normalize-space(.)='Revoke']")));
        wait.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript(
                        "const r = arguments[0].getBoundingClientRect(); return r.width > 0 && r.height > 0;", revoke));
        new Actions(driver).moveToElement(revoke).click().perform();
        wait.until(ExpectedConditions.elementToBeClickable(button("Revoke key")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(gridCell("Revoked")));
        assertThat(verifier.authenticate(secret).code()).isEqualTo(VerificationCode.REVOKED);
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
