package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rabbittune report} on a result the real broker produced a moment before, and its bad-input lines. */
@NeedsBroker
class ReportCommandTest {

    @TempDir
    static Path folder;

    static Path result;

    @BeforeAll
    static void benchOnce() {
        result = folder.resolve("run.json");
        CliRun bench = CliRun.of("bench", "-x", "1", "-y", "1", "-c", "32", "-z", "2", "--quiet", "--json",
                result.toString());
        assertThat(bench.exitCode()).as(bench.err()).isEqualTo(0);
    }

    @Test
    void aBenchResultBecomesOneSelfContainedPage() throws IOException {
        Path page = folder.resolve("report.html");

        CliRun run = CliRun.of("report", result.toString(), "-o", page.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("bench: run.json (1p/1c classic").contains("report: " + page);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("uPlot").contains("\"charts\":[")
                .doesNotContainPattern("<script[^>]+src=");
    }

    @Test
    void markdownGoesToStandardOutput() {
        CliRun run = CliRun.of("report", result.toString(), "--markdown");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).startsWith("# rabbittune report").contains("| sent / confirmed / received |");
    }

    @Test
    void anotherToolsFileIsOneLineAndExitTwo() throws IOException {
        Path other = Files.writeString(folder.resolve("perftest.json"), "{\"tool\": \"perf-test\"}");

        CliRun.assertOneLineError(CliRun.of("report", other.toString(), "-o", folder.resolve("x.html").toString()), 2,
                "is not a rabbittune result (tool: perf-test)");
    }

    @Test
    void theOutputMayNotOverwriteAnInput() throws IOException {
        Path copy = Files.copy(result, folder.resolve("keep.json"));
        String before = Files.readString(copy);

        CliRun.assertOneLineError(CliRun.of("report", copy.toString(), "-o", copy.toString()), 2,
                "is one of the result files");
        assertThat(Files.readString(copy)).isEqualTo(before);
    }

    @Test
    void aMissingFileIsNamed() {
        CliRun.assertOneLineError(CliRun.of("report", folder.resolve("none.json").toString(), "--markdown"), 2,
                "none.json not found");
    }
}
