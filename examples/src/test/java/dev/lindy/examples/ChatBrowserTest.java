package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat in real browsers: two headless Chromium sessions on one chat, a line typed in one seen in the
 * other within a second, over server-sent events, long polling and a WebSocket; a reload keeps the history
 * and a closed tab ends its subscription. Needs Debian's {@code chromium} and {@code chromium-driver}
 * ({@code .ci/run} installs them); without them the test is skipped, saying why.
 *
 * <p>With {@code -Dchat.screenshot=path}, a screenshot of the page is saved there.
 */
class ChatBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final java.util.concurrent.atomic.AtomicInteger LINES = new java.util.concurrent.atomic.AtomicInteger();

    private static App app;
    private static String base;

    @BeforeAll
    static void startChat() {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (Debian package chromium)"
                : !Files.isExecutable(DRIVER) ? DRIVER + " (Debian package chromium-driver)" : null;
        if (missing != null) {
            System.out.println("ChatBrowserTest skipped: " + missing + " is not installed");
        }
        Assumptions.assumeTrue(missing == null, "no headless browser here: " + missing + " is not installed");
        app = Chat.app(Path.of("chat")).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stopChat() {
        if (app != null) {
            app.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "poll", "ws"})
    void aLineTypedInOneBrowserAppearsInTheOtherWithinASecond(String transport) throws Exception {
        List<WebDriver> browsers = new ArrayList<>();
        try {
            WebDriver ann = open(browsers, "/?transport=" + transport + "&name=ann");
            WebDriver bob = open(browsers, "/?transport=" + transport + "&name=bob");
            String line = "hello over " + transport + " (" + LINES.incrementAndGet() + ")";
            say(ann, line);
            long typed = System.nanoTime();
            new WebDriverWait(bob, Duration.ofSeconds(1), Duration.ofMillis(20))
                    .until(d -> d.findElement(By.id("messages")).getText().contains("ann: " + line));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - typed);
            assertTrue(millis < 1000, "seen after " + millis + " ms");
            // Each page follows the topic; closing the tabs ends their subscriptions.
            long subscribed = app.hub().subscribers("chat");
            assertTrue(subscribed >= 1, "no browser follows the chat over " + transport);
            say(bob, "hi ann, I see you");
            new WebDriverWait(ann, Duration.ofSeconds(5))
                    .until(d -> d.findElement(By.id("messages")).getText().contains("bob: hi ann, I see you"));
            bob.navigate().refresh();
            awaitConnected(bob);
            new WebDriverWait(bob, Duration.ofSeconds(5))
                    .until(d -> d.findElement(By.id("messages")).getText().contains("ann: " + line));
            screenshot(bob, transport);
        } finally {
            browsers.forEach(WebDriver::quit);
        }
        if (!transport.equals("poll")) {
            // A long poll ends at its answer or its wait; streams and sockets end when the tab closes.
            awaitSubscribers(0);
        }
    }

    private static WebDriver open(List<WebDriver> browsers, String path) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=900,700");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.get(base + path);
        awaitConnected(driver);
        return driver;
    }

    private static void awaitConnected(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> "open".equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
    }

    private static void say(WebDriver driver, String text) {
        driver.findElement(By.id("text")).sendKeys(text);
        driver.findElement(By.id("send")).click();
        assertEquals("", driver.findElement(By.id("text")).getDomProperty("value"));
    }

    private static void awaitSubscribers(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (app.hub().subscribers("chat") > n) {
            assertTrue(System.nanoTime() < end, app.hub().subscribers("chat") + " subscriptions outlived their tabs");
            Thread.sleep(20);
        }
    }

    private static void screenshot(WebDriver driver, String transport) throws Exception {
        String to = System.getProperty("chat.screenshot");
        if (to != null && transport.equals("sse")) {
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of(to), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
