package dev.vlmconsole.app;

import static dev.vlmconsole.app.db.Tables.SETUP_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** Setup in a real browser: the new Owner lands signed in on the dashboard, with a new session id. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:browser-setup;DB_CLOSE_DELAY=-1",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=",
            // the first Owner is also the first operator (DD024); two-factor sign-in has its own tests
            "console.security.operators-require-two-factor=false",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=${java.io.tmpdir}/console-browser-it-no-plugins",
            "vaadin.productionMode=true"
        })
@ExtendWith(BrowserSmokeIT.BrowserInstalledOrCi.class)
class SetupInBrowserIT {

    private static final String TOKEN = "known-setup-token-for-the-browser-test";

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    WebDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        // the logged token is random: store the hash of one this test knows
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        Integer updated = tx.execute(
                s -> db.update(SETUP_TOKEN).set(SETUP_TOKEN.TOKEN_HASH, hash).execute());
        assertThat(updated).isEqualTo(1);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900");
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void the_new_owner_lands_signed_in_in_the_new_workspace() {
        driver.get("http://localhost:" + port + "/setup?token=" + TOKEN);
        type("Workspace name", "Browser workspace");
        type("Your name", "Grace");
        type("Email", "grace@example.test");
        type("Password", "a long enough password");
        type("Confirm password", "a long enough password");
        String sessionBefore = driver.manage().getCookieNamed("CONSOLE_SESSION").getValue();

        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-button[normalize-space(.)='Create Owner and workspace']")))
                .click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome, Grace"));
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/");
        assertThat(driver.getPageSource()).contains("Browser workspace");
        assertThat(driver.manage().getCookieNamed("CONSOLE_SESSION").getValue()).isNotEqualTo(sessionBefore);
    }

    private void type(String label, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//*[starts-with(local-name(), 'vaadin-') and contains(local-name(), '-field')]" + "[@label='"
                        + label + "' or ./label[normalize-space(.)='" + label + "']]//input")));
        input.clear();
        input.sendKeys(text);
    }
}
