package dev.vlmconsole.app;

import static dev.vlmconsole.app.support.ConsoleProcesses.freePort;
import static dev.vlmconsole.app.support.ConsoleProcesses.tail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vlmconsole.app.support.ConsoleProcesses;
import dev.vlmconsole.keys.KeyFormat;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single sign-on in a real browser against the console jar as it ships: a real OpenID Connect provider in
 * the test's process (mock-oauth2-server with its interactive login form, standing in for the company's
 * Keycloak, Okta or Entra ID; {@code scripts/keycloak.sh} checks a real Keycloak by hand, see
 * {@code docs/sso.md}), the jar started with {@code CONSOLE_OIDC_*} pointing at it, and Debian's Chromium.
 * A person the Owner invited through the API clicks the sign-in page's SSO button, signs in on the
 * provider's own page and lands in the workspace; signing out ends the session at the provider too
 * (RP-initiated logout). A stranger sees the "No access yet" page, and an address the provider has not
 * verified is refused.
 *
 * <p>Needs {@code target/console.jar} (failsafe runs after {@code package}). Without Chromium the class is
 * skipped, except on CI ({@code CI=true}), where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(BrowserSmokeIT.BrowserInstalledOrCi.class)
class SsoInBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The provider's issuer id: its issuer is {@code http://localhost:<port>/company}. */
    private static final String ISSUER_ID = "company";

    private final String adminKey = new KeyFormat("vlm").generate(KeyFormat.Scope.ADMIN);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WebDriver> browsers = new ArrayList<>();

    /** Static: JUnit fills static temporary folders before {@code @BeforeAll}. */
    @TempDir
    static Path work;

    private MockOAuth2Server provider;
    private Process console;
    private String base;

    private WebDriver driver;
    private WebDriverWait wait;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = this::screenshotOnFailure;

    @BeforeAll
    void start() throws Exception {
        if (onCi() && !(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM))) {
            fail("CI=true but Chromium is missing: install the Debian packages 'chromium' and 'chromium-driver' ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "); .ci/run does that");
        }
        // interactive: the provider shows its own sign-in form, where the person types who they are
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        // by address, not "localhost": the console's JVM may try ::1 first, where the provider does not listen
        String issuer = "http://127.0.0.1:" + provider.baseUrl().port() + "/" + ISSUER_ID;
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        console = startConsole(port, issuer);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (console != null) {
            List<ProcessHandle> children = console.descendants().toList();
            console.destroy();
            if (!console.waitFor(30, TimeUnit.SECONDS)) {
                console.destroyForcibly();
                console.waitFor(20, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }

    @Test
    void an_invited_person_signs_in_on_the_providers_page_lands_in_the_workspace_and_signs_out_there_too() {
        String email = "grace.hopper@example.com";
        HttpResponse<String> invited =
                api("POST", "/api/v1/invitations", "{\"email\":\"" + email + "\",\"role\":\"member\"}");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        openBrowser();

        signInWithSso("grace-subject", email, true, "Grace Hopper");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome, Grace Hopper"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(sideNavItem("Dashboard")));
        assertThat(URI.create(driver.getCurrentUrl()).getHost()).isEqualTo("127.0.0.1");
        JsonNode members = JSON.readTree(api("GET", "/api/v1/members", null).body());
        assertThat(members.findValuesAsString("email")).contains(email);
        JsonNode accepted = JSON.readTree(
                api("GET", "/api/v1/invitations?status=accepted", null).body());
        assertThat(accepted.findValuesAsString("email")).containsExactly(email);

        // the user menu's Sign out: the console's session ends, then the provider's (RP-initiated logout)
        drainProviderRequests();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("vaadin-menu-bar[aria-label='User menu'] vaadin-menu-bar-button")))
                .click();
        clickMenuItem("Sign out");
        wait.until(d -> d.getCurrentUrl().startsWith(base + "/login?logout"));
        assertThat(providerPathsSeen())
                .as("the browser went through the provider's end-session endpoint")
                .anySatisfy(path -> assertThat(path).startsWith("/" + ISSUER_ID + "/endsession"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.sso-button")));

        // signed out: the workspace asks for sign-in again
        driver.get(base + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        assertThat(driver.findElements(By.cssSelector("vaadin-side-nav"))).isEmpty();
    }

    @Test
    void a_stranger_sees_the_no_access_page_and_no_console() {
        openBrowser();

        signInWithSso("stranger-subject", "stranger@elsewhere.example", true, "Some Stranger");

        wait.until(ExpectedConditions.urlContains("/no-access"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "No access yet"));
        assertThat(driver.findElement(By.cssSelector(".no-access-contact")).getText())
                .contains("invite you");
        assertThat(driver.findElements(By.cssSelector("vaadin-side-nav"))).isEmpty();
        JsonNode members = JSON.readTree(api("GET", "/api/v1/members", null).body());
        assertThat(members.findValuesAsString("email")).doesNotContain("stranger@elsewhere.example");
    }

    @Test
    void an_address_the_provider_has_not_verified_is_refused_on_the_sign_in_page() {
        String email = "unverified.person@example.com";
        HttpResponse<String> invited =
                api("POST", "/api/v1/invitations", "{\"email\":\"" + email + "\",\"role\":\"member\"}");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        openBrowser();

        signInWithSso("unverified-subject", email, false, "Not Verified");

        wait.until(ExpectedConditions.urlContains("/login"));
        WebElement message =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.error[role='alert']")));
        assertThat(message.getText()).contains("has not verified your email address");
        assertThat(driver.findElements(By.cssSelector("vaadin-side-nav"))).isEmpty();
        JsonNode pending = JSON.readTree(
                api("GET", "/api/v1/invitations?status=pending", null).body());
        assertThat(pending.findValuesAsString("email"))
                .as("the invitation waits")
                .contains(email);
    }

    /**
     * From the console's sign-in page through the provider's form: who the person is at the provider
     * (their subject) and the claims it vouches for.
     */
    private void signInWithSso(String subject, String email, boolean verified, String name) {
        driver.get(base + "/login");
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.sso-button")));
        assertThat(button.getText()).isEqualTo("Sign in with SSO");
        button.click();

        // the provider's own page; the console asked with PKCE (S256) and a nonce
        WebElement username = wait.until(ExpectedConditions.elementToBeClickable(By.name("username")));
        URI authorize = URI.create(driver.getCurrentUrl());
        assertThat(authorize.getPath()).isEqualTo("/" + ISSUER_ID + "/authorize");
        assertThat(authorize.getQuery())
                .contains("code_challenge_method=S256", "code_challenge=", "nonce=", "state=", "client_id=console");
        username.sendKeys(subject);
        driver.findElement(By.name("claims"))
                .sendKeys("{\"email\": \"" + email + "\", \"email_verified\": " + verified + ", \"name\": \"" + name
                        + "\"}");
        driver.findElement(By.cssSelector("input[type='submit']")).click();
    }

    private void openBrowser() {
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
        browsers.add(driver);
        wait = new WebDriverWait(driver, TIMEOUT);
    }

    /** Clicks an item of an open menu (it lives in the menu bar's overlay, behind shadow roots). */
    private void clickMenuItem(String label) {
        WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//vaadin-menu-bar-item[normalize-space(.)='" + label + "']")));
        wait.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript(
                        "const r = arguments[0].getBoundingClientRect(); return r.width > 0 && r.height > 0;", item));
        new Actions(driver).moveToElement(item).click().perform();
    }

    private static By sideNavItem(String label) {
        return By.xpath("//vaadin-side-nav//vaadin-side-nav-item[normalize-space(.)='" + label + "']");
    }

    /** Forgets the requests the provider has recorded so far. */
    private void drainProviderRequests() {
        while (nextProviderRequest(10) != null) {
            // dropped
        }
    }

    /** The paths of the requests the provider received since the last drain (waiting a moment for late ones). */
    private List<String> providerPathsSeen() {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = nextProviderRequest(500)) != null) {
            paths.add(r.getPath());
        }
        return paths;
    }

    /** The provider's next recorded request, or null when none comes within {@code millis}. */
    private RecordedRequest nextProviderRequest(long millis) {
        try {
            return provider.takeRequest(millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException none) {
            // mock-oauth2-server answers an empty queue with an exception
            return null;
        }
    }

    /** A call to the console's API with the bootstrap Owner's admin key. */
    private HttpResponse<String> api(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminKey)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The console jar on an H2 file with single sign-on at the provider, a bootstrap Owner and their admin
     * key, no mail server; waits until it is ready.
     */
    private Process startConsole(int port, String issuer) throws IOException, InterruptedException {
        Path jar = Path.of("target", "console.jar").toAbsolutePath();
        assertThat(jar).as("the console jar (failsafe runs after package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = work.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Dconsole.launcher=off",
                        "-XX:+UseSerialGC",
                        "-Xms64m",
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString(),
                        "--server.address=127.0.0.1",
                        "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CONSOLE_") || name.startsWith("SPRING_"));
        env.putAll(Map.of(
                "CONSOLE_LAUNCHER", "off",
                "CONSOLE_DATA_DIR",
                        Files.createDirectories(work.resolve("data")).toString(),
                "CONSOLE_PLUGINS_DIR", work.resolve("plugins").toString(),
                "CONSOLE_BOOTSTRAP_OWNER_EMAIL", "owner@sso-browser.test",
                "CONSOLE_BOOTSTRAP_OWNER_PASSWORD", "sso-browser-password-0123",
                "CONSOLE_BOOTSTRAP_ADMIN_KEY", adminKey,
                "CONSOLE_OIDC_ISSUER_URI", issuer,
                "CONSOLE_OIDC_CLIENT_ID", "console",
                "CONSOLE_OIDC_CLIENT_SECRET", "secret-of-the-console-at-the-provider"));
        Process process = builder.start();
        try {
            return ConsoleProcesses.awaitReady(process, port, log, START_TIMEOUT, http);
        } catch (AssertionError notReady) {
            process.destroyForcibly();
            throw notReady;
        }
    }

    private static boolean onCi() {
        return "true".equals(System.getenv("CI"));
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
        System.err.println("The console's log: " + tail(work.resolve("console.log")));
    }
}
