package dev.rabbittune.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsTools;
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
@NeedsTools
class ReportInChromiumTest {

    /** Records console errors and uncaught exceptions from the first script on, before the report's own run. */
    private static final String ERROR_TRAP = "window.__errors = [];"
            + "var original = console.error; console.error = function () {"
            + "  window.__errors.push(Array.prototype.map.call(arguments, String).join(' '));"
            + "  original.apply(console, arguments); };"
            + "window.addEventListener('error', function (e) { window.__errors.push('uncaught: ' + e.message); });";

    /** Counts a canvas's opaque pixels near a colour: {@code count(canvas, r, g, b)}. */
    private static final String COUNT = "function count(canvas, r, g, b) {"
            + "  var d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; var n = 0;"
            + "  for (var i = 0; i < d.length; i += 4) {"
            + "    if (d[i + 3] > 200 && Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - g) < 40"
            + "        && Math.abs(d[i + 2] - b) < 40) { n++; } }"
            + "  return n; }";

    /** Per chart: its id, whether a canvas exists, and how many pixels carry the first series' colour. */
    private static final String LINES_DRAWN = COUNT
            + "return Array.from(document.querySelectorAll('.chart')).map(function (el) {"
            + "  var canvas = el.querySelector('canvas'); if (!canvas) { return el.id + ' no-canvas 0'; }"
            + "  return el.id + ' canvas ' + count(canvas, 31, 119, 180); });";

    /** Per chart: its title, its x tick labels joined by '|', and its pixels of the SLO line's colour (#b00). */
    private static final String AXES_AND_SLO = COUNT
            + "return window.rabbittuneCharts.map(function (u) {"
            + "  var labels = (u.axes[0]._values || []).filter(function (v) { return v != null; }).join('|');"
            + "  return u.root.querySelector('.u-title').textContent + '\\n' + labels + '\\n'"
            + "      + count(u.root.querySelector('canvas'), 187, 0, 0); });";

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
                "sweep-prefetch.json", "sweep-max-rate.json", "doctor.json");

        List<String> charts = open(page);

        // 4 bench charts (throughput, latency, spectrum, confirm spectrum) and 2 per sweep
        assertThat(charts).hasSize(10).allSatisfy(chart -> assertThat(pixels(chart))
                .as("pixels of the first series' colour in %s", chart).isGreaterThan(100));
        assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("table.heat td"))).hasSize(4);
        assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("details.finding"))).isNotEmpty();
        List<String[]> axes = axesAndSlo();
        assertThat(axes).filteredOn(a -> a[0].contains("by percentile")).hasSize(2).allSatisfy(a -> assertThat(a[1])
                .as("percentile ticks of %s", a[0]).contains("90%", "99%").doesNotContain("Infinity", "NaN"));
        assertThat(axes).filteredOn(a -> a[0].startsWith("p99 latency by rate")).hasSize(1);
        assertThat(axes).filteredOn(a -> a[0].startsWith("p99 latency by")).hasSize(3).allSatisfy(a ->
                assertThat(Integer.parseInt(a[2])).as("SLO line pixels in %s", a[0]).isGreaterThan(100));
        screenshot("all.png");
    }

    @Test
    void aSweepOverQueueTypesDrawsItsCategoriesByName() throws IOException {
        // a shape no recorded sweep has: the recorded prefetch sweep with its values renamed to queue types
        com.fasterxml.jackson.databind.node.ObjectNode sweep = Fixtures.tree("sweep-prefetch.json");
        Map<String, String> names = Map.of("1", "classic", "100", "quorum", "300", "stream");
        com.fasterxml.jackson.databind.node.ObjectNode axis = (com.fasterxml.jackson.databind.node.ObjectNode)
                sweep.with("plan").withArray("axes").get(0);
        axis.put("name", "queue-type");
        com.fasterxml.jackson.databind.node.ArrayNode values = axis.putArray("values");
        names.values().stream().sorted().forEach(values::add);
        for (com.fasterxml.jackson.databind.JsonNode point : sweep.withArray("points")) {
            com.fasterxml.jackson.databind.node.ObjectNode settings =
                    (com.fasterxml.jackson.databind.node.ObjectNode) point.get("settings");
            settings.put("queue-type", names.get(settings.remove("prefetch").asText()));
        }
        sweep.with("recommendation").putObject("kneeAt");
        sweep.with("recommendation").putNull("recommended");
        Path file = Files.writeString(folder.resolve("queue-types.json"), sweep.toString());
        Path page = Files.writeString(folder.resolve("queue-types.html"), Report.read(List.of(file)).html());

        List<String> charts = open(page);

        assertThat(charts).hasSize(2).allSatisfy(chart -> assertThat(pixels(chart)).isGreaterThan(100));
        assertThat(axesAndSlo()).allSatisfy(a -> assertThat(a[1]).isEqualTo("classic|quorum|stream"));
        screenshot("queue-types.png");
    }

    @Test
    void aSweepThatMetNoSloSaysSoAndNamesTheClosest() throws IOException {
        Path page = render("impossible.html", "sweep-impossible-slo.json");

        List<String> charts = open(page);

        assertThat(charts).hasSize(2).allSatisfy(chart -> assertThat(pixels(chart)).isGreaterThan(100));
        // the SLO (0.01 ms) far below every point: the scale stretches to show it
        assertThat(axesAndSlo()).filteredOn(a -> a[0].startsWith("p99")).singleElement()
                .satisfies(a -> assertThat(Integer.parseInt(a[2])).isGreaterThan(100));
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
        // drop what earlier pages logged, the test's own canvas readbacks among it
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(page.toUri().toString());
        // the script marks the page once uPlot has painted, after its constructors returned
        org.awaitility.Awaitility.await("the report's script finished").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> browser.findElement(org.openqa.selenium.By.tagName("html"))
                        .getAttribute("data-charts-drawn") != null);
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

    @SuppressWarnings("unchecked")
    private static List<String[]> axesAndSlo() {
        return ((List<String>) browser.executeScript(AXES_AND_SLO)).stream().map(a -> a.split("\n", -1)).toList();
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
