package dev.weft.samples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in real headless Chromium: live values, the async forecast's loading state,
 * a click whose session mutations show up, and presence across sessions. Uses the system's {@code
 * chromium} and {@code chromedriver} (Debian packages {@code chromium} and {@code chromium-driver});
 * nothing is downloaded: the driver path is given, so Selenium Manager never runs.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("weft.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("weft.chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<Path> PROFILES = new ArrayList<>();

  /** Kept so that the level set below sticks (JUL holds loggers weakly). */
  private static final java.util.logging.Logger CDP_FINDER =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private static RunningDashboard server;
  private static WebDriver first;

  @BeforeAll
  static void start() {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "this end-to-end test needs Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
            + " (never downloaded at run time). Install them: apt-get install -y chromium chromium-driver,"
            + " or point -Dweft.chromium and -Dweft.chromedriver at your own.");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // belt and braces: no Selenium Manager
    // The test uses no DevTools protocol; a Chromium newer than this Selenium's CDP bindings is fine.
    CDP_FINDER.setLevel(java.util.logging.Level.SEVERE);
    server = new RunningDashboard(RunningDashboard.FAST);
    first = openBrowser();
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (first != null) {
        first.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      for (Path profile : PROFILES) {
        deleteTree(profile);
      }
    }
  }

  /** A new headless Chromium with a fresh profile, showing the dashboard and connected to its stream. */
  private static WebDriver openBrowser() {
    Path profile;
    try {
      profile = Files.createTempDirectory("weft-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PROFILES.add(profile);
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.get(server.base.toString());
    waitFor(driver, d -> text(d, "status").equals("live"));
    return driver;
  }

  private static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(25)).until(condition);
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Nested
  class LiveValues {
    @Test
    void readingsAndStatisticsChangeWithoutReloading() {
      long seq = Long.parseLong(waitFor(first, d -> text(d, "seq").matches("[1-9][0-9]*") ? text(d, "seq") : null));
      waitFor(first, d -> Long.parseLong(text(d, "seq")) >= seq + 3);
      double min = Double.parseDouble(text(first, "min"));
      double mean = Double.parseDouble(text(first, "mean"));
      double max = Double.parseDouble(text(first, "max"));
      assertTrue(min <= mean && mean <= max, "min " + min + " <= mean " + mean + " <= max " + max);
      assertTrue(Integer.parseInt(text(first, "count")) >= 1);
    }

    @Test
    void theForecastShowsLoadingThenAValue() {
      waitFor(first, d -> "loading".equals(d.findElement(By.id("forecast")).getDomAttribute("data-state"))
          && text(d, "forecast").equals("loading…"));
      waitFor(first, d -> "ready".equals(d.findElement(By.id("forecast")).getDomAttribute("data-state")));
      String forecast = text(first, "forecast");
      assertTrue(forecast.matches("\\d+\\.\\d"), "a ready forecast is a number: " + forecast);
    }
  }

  @Nested
  class Button {
    @Test
    void clickingDispatchesTheHandlerAndItsMutationsShowUp() {
      int before = Integer.parseInt(waitFor(first, d -> text(d, "clicks").matches("\\d+") ? text(d, "clicks") : null));
      first.findElement(By.id("bump")).click();
      int after = before + 1;
      waitFor(first, d -> text(d, "clicks").equals(String.valueOf(after)));
      assertEquals(Handlers.badge(after), text(first, "badge"), "the cascade arrives with the count");
      waitFor(first, d -> text(d, "audit").startsWith("bump took ")); // the middleware's own mutation
      String result =
          waitFor(first, d -> text(d, "dispatch-result").startsWith("{") ? text(d, "dispatch-result") : null);
      assertTrue(result.contains("\"+clicks\":" + after), result);
    }
  }

  @Nested
  class Presence {
    @Test
    void aSecondTabIsAnotherSessionAndBothSeeEachOther() {
      waitFor(first, d -> text(d, "viewer-count").equals("1"));
      String firstWindow = first.getWindowHandle();
      String me = text(first, "you");
      first.switchTo().newWindow(WindowType.TAB);
      first.get(server.base.toString());
      waitFor(first, d -> text(d, "status").equals("live") && text(d, "viewer-count").equals("2"));
      String tab = text(first, "you");
      assertNotEquals(me, tab, "every tab gets its own session");
      assertEquals("0", waitFor(first, d -> text(d, "clicks")), "a new session starts from zero");
      first.close();
      first.switchTo().window(firstWindow);
      waitFor(first, d -> text(d, "viewer-count").equals("1"));
    }

    @Test
    void aSecondBrowserAppearsInPresenceAndItsClicksReachTheFirstAsActivity() {
      waitFor(first, d -> text(d, "viewer-count").equals("1"));
      WebDriver second = openBrowser();
      try {
        String secondName = text(second, "you");
        waitFor(first, d -> text(d, "viewer-count").equals("2") && text(d, "viewers").contains(secondName));
        waitFor(second, d -> text(d, "viewers").contains(text(first, "you") + "\n")
            || text(d, "viewers").endsWith(text(first, "you")));
        second.findElement(By.id("bump")).click();
        waitFor(first, d -> text(d, "activity").contains(secondName + " changed clicks"));
      } finally {
        second.quit();
      }
      waitFor(first, d -> text(d, "viewer-count").equals("1"));
    }
  }
}
