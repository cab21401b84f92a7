package dev.rabbittune.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report opened in the OS package's headless Chromium (driven through its chromedriver, nothing downloaded)
 * with the network switched off: it must draw every chart with its lines and log no error. A screenshot of each
 * page is kept under {@code target/report-screenshots/}.
 */
class ReportInChromiumTest {

    /** Records console errors and uncaught exceptions from the first script on, before the report's own run. */
    private static final String ERROR_TRAP = "window.__errors = [];"
            + "var original = console.error; console.error = function () {"
            + "  window.__errors.push(Array.prototype.map.call(arguments, String).join(' '));"
            + "  original.apply(console, arguments); };"
            + "window.addEventListener('error', function (e) { window.__errors.push('uncaught: ' + e.message); });";

    /** Per chart: its id, whether a canvas exists, and how many pixels carry the first series' colour. */
    private static final String LINES_DRAWN = "return Array.from(document.querySelectorAll('.chart')).map(function (el) {"
            + "  var canvas = el.querySelector('canvas'); if (!canvas) { return el.id + ' no-canvas 0'; }"
            + "  var d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; var n = 0;"
            + "  for (var i = 0; i < d.length; i += 4) {"
            + "    if (d[i + 3] > 200 && Math.abs(d[i] - 31) < 40 && Math.abs(d[i + 1] - 119) < 40"
            + "        && Math.abs(d[i + 2] - 180) < 40) { n++; } }"
            + "  return el.id + ' canvas ' + n; });";

    private static ChromeDriver browser;

    @TempDir
    Path folder;

    @BeforeAll
    static void startBrowser(@TempDir Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // the flags that keep Chromium from reaching for Google's hosts on this closed network; a loopback proxy
        // that answers nothing and no name resolution make sure the report cannot fetch anything either
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,900", "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_TRAP));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void benchSweepAndFindingsDrawEveryChartOfflineWithoutErrors() throws IOException {
        Path page = render("all.html", "bench-confirms.json", "bench-no-confirms.json", "sweep-two-axes.json",
                "sweep-prefetch.json", "doctor.json");

        List<String> charts = open(page);

        // 4 bench charts (throughput, latency, spectrum, confirm spectrum) and 2 per sweep
        assertThat(charts).hasSize(8).allSatisfy(chart -> assertThat(pixels(chart))
                .as("pixels of the first series' colour in %s", chart).isGreaterThan(100));
        assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("table.heat td"))).hasSize(4);
        assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("details.finding"))).isNotEmpty();
        screenshot("all.png");
    }

    @Test
    void aSweepThatMetNoSloSaysSoAndNamesTheClosest() throws IOException {
        Path page = render("impossible.html", "sweep-impossible-slo.json");

        List<String> charts = open(page);

        assertThat(charts).hasSize(2);
        String heading = browser.findElement(org.openqa.selenium.By.cssSelector(".recommendation h3")).getText();
        assertThat(heading).startsWith("No point met the SLO; closest: ");
        screenshot("impossible.png");
    }

    @Test
    void theFileLoadsNoScriptOrStyleFromTheNetwork() throws IOException {
        String html = Report.read(List.of(Fixtures.path("bench-confirms.json"), Fixtures.path("doctor.json"))).html();

        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+stylesheet")
                .doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:").doesNotContain("@import");
    }

    /** Loads the page and returns the chart lines of {@link #LINES_DRAWN}, after checking nothing went wrong. */
    @SuppressWarnings("unchecked")
    private List<String> open(Path page) {
        browser.get(page.toUri().toString());
        assertThat(browser.findElement(org.openqa.selenium.By.tagName("html")).getAttribute("data-charts-drawn"))
                .as("the report's script finished").isNotNull();
        List<Object> errors = (List<Object>) browser.executeScript("return window.__errors;");
        assertThat(errors).as("console errors").isEmpty();
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("browser log warnings and errors").isEmpty();
        int drawn = Integer.parseInt(browser.findElement(org.openqa.selenium.By.tagName("html"))
                .getAttribute("data-charts-drawn"));
        List<String> charts = (List<String>) browser.executeScript(LINES_DRAWN);
        assertThat(drawn).as("charts drawn").isEqualTo(charts.size());
        return charts;
    }

    private Path render(String name, String... fixtures) throws IOException {
        List<Path> files = java.util.Arrays.stream(fixtures).map(Fixtures::path).toList();
        return Files.writeString(folder.resolve(name), Report.read(files).html());
    }

    private static int pixels(String chart) {
        return Integer.parseInt(chart.substring(chart.lastIndexOf(' ') + 1));
    }

    /** The whole page, not only the window (Chromium's own capture beyond the viewport). */
    @SuppressWarnings("unchecked")
    private static void screenshot(String name) throws IOException {
        Path folder = Path.of("target", "report-screenshots");
        Files.createDirectories(folder);
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
                "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", clip));
        Files.write(folder.resolve(name), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }
}
