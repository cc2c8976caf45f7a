package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real Chromium: two people chat and see each other in "who is here", updates arrive, the server
 * restarts under them, and signing out closes the sockets and takes the user off the other's list. Skipped with a message when Chromium is missing, unless BROWSER_REQUIRED is set.
 */
@Timeout(240)
class DemoPageBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private SampleApp app;
    private ChromeDriver alice;
    private ChromeDriver bob;

    private static void requireBrowser() {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present && System.getenv("BROWSER_REQUIRED") != null) {
            throw new AssertionError("BROWSER_REQUIRED is set but /usr/bin/chromium or /usr/bin/chromedriver is missing: apt-get install chromium chromium-driver");
        }
        assumeTrue(present, "Skipping browser tests: install chromium and chromium-driver (or set BROWSER_REQUIRED to fail instead)");
    }

    private static ChromeDriver browser() throws Exception {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1100,760", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        return new ChromeDriver(service, options);
    }

    @AfterEach
    void tearDown() {
        for (WebDriver driver : new WebDriver[] {alice, bob}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (app != null) {
            app.close();
        }
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

    private static boolean listContains(WebDriver driver, String testId, String sender, String text) {
        for (WebElement item : el(driver, testId).findElements(By.tagName("li"))) {
            String shown = item.getText();
            if (shown.contains(sender) && shown.contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> present(WebDriver driver) {
        return el(driver, "presence").findElements(By.cssSelector("[data-testid='presence-user']")).stream().map(WebElement::getText).toList();
    }

    private static void waitForPresence(WebDriver driver, List<String> users) {
        waitFor(driver, "who is here shows " + users, d -> present(d).equals(users));
    }

    private void signIn(WebDriver driver, String user, String password) {
        driver.get("http://127.0.0.1:" + app.port() + "/");
        el(driver, "username").sendKeys(user);
        el(driver, "password").sendKeys(password);
        el(driver, "login").click();
        waitForText(driver, "whoami", user);
    }

    private void join(WebDriver driver, String room) {
        WebElement roomInput = el(driver, "room");
        roomInput.clear();
        roomInput.sendKeys(room);
        el(driver, "join").click();
        waitForText(driver, "status", "live");
    }

    private void say(WebDriver driver, String text) {
        el(driver, "message").sendKeys(text);
        el(driver, "send").click();
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void twoPeopleChatSeeUpdatesSurviveARestartAndSignOut() throws Exception {
        requireBrowser();
        app = SampleAppTest.start(Map.of("PRESENCE_GRACE_SECONDS", "1"));
        alice = browser();
        bob = browser();

        signIn(alice, "alice", "wonderland");
        signIn(bob, "bob", "builder");
        join(alice, "lobby");
        join(bob, "lobby");
        waitForPresence(alice, List.of("alice", "bob"));
        waitForPresence(bob, List.of("alice", "bob"));

        say(alice, "hello bob");
        waitFor(bob, "bob sees alice's message", d -> listContains(d, "messages", "alice", "hello bob"));
        say(bob, "hi alice");
        waitFor(alice, "alice sees bob's message", d -> listContains(d, "messages", "bob", "hi alice"));

        String attack = "<img src=x onerror=alert(1)>";
        say(bob, attack);
        waitFor(alice, "the markup shows as text", d -> listContains(d, "messages", "bob", attack));
        assertTrue(el(alice, "messages").findElements(By.tagName("img")).isEmpty(), "no element was injected");

        LiveClient outside = new LiveClient(app.port());
        String cookie = outside.login("bob", "builder");
        assertEquals(202, outside.post("/api/updates", "{\"message\":\"release 1.2 is out\"}", "Cookie", cookie).statusCode());
        for (WebDriver page : List.of(alice, bob)) {
            waitFor(page, "the update reaches the page", d -> listContains(d, "updates", "bob", "release 1.2 is out"));
        }
        screenshot(alice, "alice");
        screenshot(bob, "bob");

        app.stopServer();
        for (WebDriver page : List.of(alice, bob)) {
            waitForText(page, "status", "reconnecting");
        }
        app.start(); // the same port, sessions and rooms
        for (WebDriver page : List.of(alice, bob)) {
            waitForText(page, "status", "live");
        }
        say(alice, "back again");
        waitFor(bob, "chat works after the restart without a reload", d -> listContains(d, "messages", "alice", "back again"));
        waitForPresence(bob, List.of("alice", "bob"));
        screenshot(bob, "bob-after-restart");

        el(bob, "logout").click();
        waitFor(bob, "bob's sign-in form is back", d -> el(d, "login").isDisplayed());
        waitForPresence(alice, List.of("alice")); // after bob's 1 s grace period

        el(alice, "logout").click();
        waitFor(alice, "the sign-in form is back", d -> el(d, "login").isDisplayed());
        waitFor(alice, "alice's sockets are closed", d -> app.openConnections() == 0);
        el(alice, "username").sendKeys("alice");
        el(alice, "password").sendKeys("not her password");
        el(alice, "login").click();
        waitFor(alice, "a bad password shows an error", d -> !el(d, "login-error").getText().isEmpty());
        screenshot(alice, "alice-bad-password");
    }

    @Test
    void chromiumNegotiatesDeflateAndReadsCompressedRoomMessages() throws Exception {
        requireBrowser();
        app = SampleAppTest.start(Map.of());
        alice = browser();
        bob = browser();
        signIn(alice, "alice", "wonderland");
        signIn(bob, "bob", "builder");
        join(alice, "lobby");
        join(bob, "lobby");
        // a second socket from alice's page, to read what Chromium negotiated; the page's own socket is the same kind
        String extensions = (String) ((JavascriptExecutor) alice).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/chat/lobby/');"
                        + "window.deflateProbe = [];"
                        + "ws.onmessage = (e) => window.deflateProbe.push(e.data);"
                        + "ws.onopen = () => done(ws.extensions);"
                        + "ws.onerror = () => done('failed');");
        assertTrue(extensions.contains("permessage-deflate") && extensions.contains("server_no_context_takeover"), extensions);
        String longText = "a message long enough to be compressed ".repeat(12);
        say(bob, longText);
        waitFor(alice, "the page shows the compressed message", d -> listContains(d, "messages", "bob", longText.trim()));
        waitFor(alice, "the probe socket read it", d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return window.deflateProbe.some((t) => t.includes(arguments[0]));", longText.trim()));
    }
}
