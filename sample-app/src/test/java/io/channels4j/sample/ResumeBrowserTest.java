package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.channels4j.core.ChannelNames;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in Chromium across real restarts: the app process replaced on its embedded default (same
 * DATA_DIR), and one of two Redis nodes down while the other page talks. The pages come back by themselves,
 * show what they missed, once, and never reload. Skipped without Chromium, unless BROWSER_REQUIRED is set.
 */
@Tag("slow")
@Timeout(240)
class ResumeBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private final List<SampleApp> apps = new ArrayList<>();
    private final List<ChromeDriver> browsers = new ArrayList<>();

    private static void requireBrowser() {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present && System.getenv("BROWSER_REQUIRED") != null) {
            throw new AssertionError("BROWSER_REQUIRED is set but /usr/bin/chromium or /usr/bin/chromedriver is missing: apt-get install chromium chromium-driver");
        }
        assumeTrue(present, "Skipping browser tests: install chromium and chromium-driver (or set BROWSER_REQUIRED to fail instead)");
    }

    private ChromeDriver browser() throws Exception {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1100,760", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private SampleApp start(Map<String, String> env) throws Exception {
        SampleApp app = SampleAppTest.start(env);
        apps.add(app);
        return app;
    }

    @AfterEach
    void tearDown() {
        browsers.forEach(WebDriver::quit);
        apps.forEach(SampleApp::close);
    }

    private static WebElement el(WebDriver driver, String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    private static void waitFor(WebDriver driver, String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what).until(condition::apply);
    }

    private static void waitForText(WebDriver driver, String testId, String text) {
        waitFor(driver, testId + " shows '" + text + "'", d -> el(d, testId).getText().equals(text));
    }

    private static List<String> messages(WebDriver driver) {
        return el(driver, "messages").findElements(By.tagName("li")).stream()
                .map(li -> li.findElement(By.className("sender")).getText() + " " + li.findElement(By.className("text")).getText()).toList();
    }

    private static void signInAndJoin(WebDriver driver, int port, String user, String password, String room) {
        driver.get("http://127.0.0.1:" + port + "/");
        el(driver, "username").sendKeys(user);
        el(driver, "password").sendKeys(password);
        el(driver, "login").click();
        waitForText(driver, "whoami", user);
        WebElement roomInput = el(driver, "room");
        roomInput.clear();
        roomInput.sendKeys(room);
        el(driver, "join").click();
        waitForText(driver, "status", "live");
    }

    private static void say(WebDriver driver, String text) {
        el(driver, "message").sendKeys(text);
        el(driver, "send").click();
    }

    /** Waits until the page shows exactly {@code expected} (sender and text per line), in order, each once. */
    private static void showsExactly(WebDriver driver, List<String> expected) {
        waitFor(driver, "the page shows " + expected, d -> messages(d).size() >= expected.size());
        List<String> shown = messages(driver);
        assertEquals(expected, shown, "every message once, in order");
    }

    @Test
    void bothPagesComeBackByThemselvesAfterTheAppIsReplacedOnItsEmbeddedDefault() throws Exception {
        requireBrowser();
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", "target/browser-restart-" + UUID.randomUUID(),
                "PORT", String.valueOf(SampleAppTest.freePort())));
        SampleApp app = start(env);
        String room = "resume" + ChannelNames.randomLetters(6);
        ChromeDriver alice = browser();
        ChromeDriver bob = browser();
        signInAndJoin(alice, app.port(), "alice", "wonderland", room);
        signInAndJoin(bob, app.port(), "bob", "builder", room);
        say(alice, "before the restart");
        List<String> expected = new ArrayList<>(List.of("alice before the restart"));
        showsExactly(bob, expected);

        app.close(); // the process's end: layer, sessions' pool and all; only DATA_DIR remains
        for (WebDriver page : List.of(alice, bob)) {
            waitForText(page, "status", "reconnecting");
        }
        start(env);
        for (WebDriver page : List.of(alice, bob)) {
            waitForText(page, "status", "live");
            assertEquals("alice", el(alice, "whoami").getText(), "still signed in: no reload, no sign-in form");
        }
        say(bob, "after the restart");
        expected.add("bob after the restart");
        showsExactly(alice, expected);
        showsExactly(bob, expected);
    }

    @Test
    void aPageWhoseSessionIsGoneReturnsToTheSignInFormInsteadOfReconnectingForEver() throws Exception {
        requireBrowser();
        String port = String.valueOf(SampleAppTest.freePort());
        SampleApp app = start(Map.of("DATA_DIR", "target/browser-lost-" + UUID.randomUUID(), "PORT", port));
        ChromeDriver alice = browser();
        signInAndJoin(alice, app.port(), "alice", "wonderland", "lost" + ChannelNames.randomLetters(6));
        app.close();
        waitForText(alice, "status", "reconnecting");
        start(Map.of("DATA_DIR", "target/browser-lost-" + UUID.randomUUID(), "PORT", port)); // another database: the session is gone
        waitFor(alice, "the sign-in form is back", d -> el(d, "login").isDisplayed());
        assertEquals("Your session ended, sign in again.", el(alice, "login-error").getText());
    }

    @Test
    void aMessageSentWhileOnePagesNodeWasDownAppearsAfterItReconnects() throws Exception {
        requireBrowser();
        TwoNodesOverRedisTest.requireRedis(6379);
        Map<String, String> nodeOne = Map.of("REDIS_URL", "redis://127.0.0.1:6379/3", "PORT", String.valueOf(SampleAppTest.freePort()));
        SampleApp one = start(nodeOne);
        SampleApp two = start(Map.of("REDIS_URL", "redis://127.0.0.1:6379/3"));
        String room = "resume" + ChannelNames.randomLetters(6);
        ChromeDriver alice = browser();
        ChromeDriver bob = browser();
        signInAndJoin(alice, one.port(), "alice", "wonderland", room);
        signInAndJoin(bob, two.port(), "bob", "builder", room);
        say(alice, "hello");
        List<String> expected = new ArrayList<>(List.of("alice hello"));
        showsExactly(bob, expected);

        one.close();
        waitForText(alice, "status", "reconnecting");
        say(bob, "while you were away");
        expected.add("bob while you were away");
        showsExactly(bob, expected);
        start(nodeOne);
        waitForText(alice, "status", "live");
        showsExactly(alice, expected);
        say(alice, "got it");
        expected.add("alice got it");
        showsExactly(bob, expected);
        showsExactly(alice, expected);
    }
}
