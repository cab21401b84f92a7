package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command end to end against the local broker: output lines, result files, Ctrl-C. */
@NeedsBroker
class BenchCommandTest {

    @Test
    void writesPerSecondLinesASummaryWithPercentilesAndJsonAndCsv(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        CliRun run = CliRun.of("bench", "-z", "3", "-c", "50", "-q", "100", "-A", "10", "-s", "100", "-r", "200",
                "--json", json.toString(), "--csv", csv.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sent/s", "p99 ms", "summary", "p99.9", "confirmed");
        assertThat(run.out().lines().filter(l -> l.matches("\\s+\\d+\\.\\ds\\s.*"))).hasSizeGreaterThanOrEqualTo(3);

        JsonNode result = Json.mapper().readTree(json.toFile());
        assertThat(result.path("broker").path("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(result.path("broker").path("erlang").asText()).contains("Erlang");
        assertThat(result.path("broker").path("nodes").asInt()).isEqualTo(1);
        assertThat(result.path("host").path("cores").asInt()).isPositive();
        assertThat(result.path("host").path("memoryBytes").asLong()).isPositive();
        assertThat(result.path("workload").path("producers").asInt()).isEqualTo(1);
        long sent = result.path("counts").path("sent").asLong();
        assertThat(sent).isBetween(540L, 660L);
        assertThat(result.path("counts").path("received").asLong()).isEqualTo(sent);
        assertThat(result.path("latency").path("p99Ms").asDouble()).isPositive();
        assertThat(result.path("samples").size()).isGreaterThanOrEqualTo(3);

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("elapsed_s,phase,sent");
        assertThat(lines).hasSize(result.path("samples").size() + 1);
        long csvSent = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        assertThat(csvSent).isEqualTo(sent);
    }

    @Test
    void quickstartRunsTheStandardBenchmarkAndWritesItsResult(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("quickstart.json");
        CliRun run = CliRun.of("quickstart", "-z", "2", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("'quickstart'", "summary", "p99.9", json.toString());
        JsonNode result = Json.mapper().readTree(json.toFile());
        assertThat(result.path("workload").path("publish").path("confirmWindow").asInt()).isEqualTo(128);
        assertThat(result.path("counts").path("received").asLong())
                .isEqualTo(result.path("counts").path("confirmed").asLong()).isPositive();
    }

    @Test
    void everyIoModeDeliversEveryMessageAndTheModeIsCaseInsensitive(@TempDir Path dir) throws Exception {
        for (String io : new String[] {"blocking", "NIO", "auto"}) {
            Path json = dir.resolve(io + ".json");
            CliRun run = CliRun.of("bench", "--io", io, "-x", "2", "-y", "2", "-C", "2000", "-c", "64", "-q", "50",
                    "-A", "10", "--quiet", "--json", json.toString());
            assertThat(run.exitCode()).as(io + ": " + run.err()).isZero();
            JsonNode counts = Json.mapper().readTree(json.toFile()).path("counts");
            assertThat(counts.path("sent").asLong()).as(io).isEqualTo(4000);
            assertThat(counts.path("confirmed").asLong()).as(io).isEqualTo(4000);
            assertThat(counts.path("received").asLong()).as(io).isEqualTo(4000);
        }
    }

    @Test
    void ctrlCPrintsThePartialSummaryCleansUpAndExits130() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.rabbittune.cli.Main", "bench", "-z", "60",
                "-r", "100").redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader lines = process.inputReader()) {
                lines.lines().forEach(line -> output.append(line).append('\n'));
            } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
                // the process ended
            }
        });
        reader.start();
        // interrupted once messages flow: the first per-second line has latencies for the partial summary
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("\n    1.0s "));
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        // the partial summary, cleanup and closing each connection (up to 5 s each on a slow broker) come first
        boolean exited = process.waitFor(45, TimeUnit.SECONDS);
        if (!exited) {
            // what it was stuck on, for the failure message
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(process.pid())).redirectErrorStream(true).start();
            String threads = new String(jstack.getInputStream().readAllBytes());
            process.destroyForcibly();
            reader.join(5000);
            assertThat(exited).as("did not exit after SIGINT; output:%n%s%nthreads:%n%s", output, threads).isTrue();
        }
        reader.join(5000);
        assertThat(process.exitValue()).as(output.toString()).isEqualTo(130);
        assertThat(output).contains("summary (interrupted, partial)", "p99");
        String queue = output.toString().replaceAll("(?s).*\\[(rabbittune-[0-9a-f]+-1)\\].*", "$1");
        assertThat(queue).startsWith("rabbittune-");
        assertThat(Broker.queueExists(queue)).isFalse();
    }

    @Test
    void aWarningExitsOneOnlyWithFailOnWarning(@TempDir Path dir) {
        String[] unroutable = {"bench", "-C", "20", "--mandatory", "-k", "nowhere", "-c", "10", "--drain-timeout",
            "1", "--quiet"};
        CliRun plain = CliRun.of(unroutable);
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("warning: 20 mandatory messages were returned unroutable");
        String[] failing = java.util.Arrays.copyOf(unroutable, unroutable.length + 1);
        failing[unroutable.length] = "--fail-on-warning";
        CliRun strict = CliRun.of(failing);
        assertThat(strict.exitCode()).as(strict.err()).isEqualTo(1);
    }

    @Test
    void theHdrLogIsReadableByHdrHistogramsOwnReaderAndHoldsEveryLatency(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.hlog");
        Path json = dir.resolve("run.json");
        CliRun run = CliRun.of("bench", "-z", "3", "-r", "300", "-c", "20", "-q", "50", "-s", "64", "--quiet",
                "--hdr-log", log.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        org.HdrHistogram.HistogramLogReader reader = new org.HdrHistogram.HistogramLogReader(log.toFile());
        long e2e = 0;
        long confirms = 0;
        org.HdrHistogram.EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            org.HdrHistogram.Histogram h = (org.HdrHistogram.Histogram) interval;
            if ("e2e".equals(h.getTag())) {
                e2e += h.getTotalCount();
            } else if ("confirm".equals(h.getTag())) {
                confirms += h.getTotalCount();
            }
        }
        JsonNode result = Json.mapper().readTree(json.toFile());
        assertThat(e2e).isEqualTo(result.path("latency").path("count").asLong()).isPositive();
        assertThat(confirms).isEqualTo(result.path("confirmLatency").path("count").asLong());
        assertThat(result.path("latencyFrom").asText()).contains("publish call");
        assertThat(result.path("samples").get(0).path("latencyHistogram").asText()).isNotEmpty();
    }

    @Test
    void aBrokerRestartWithStopOnFailureExitsThreeNamingTheCauseAndStillWritesTheResult(@TempDir Path dir)
            throws Exception {
        Path json = dir.resolve("r.json");
        java.util.concurrent.CompletableFuture<Void> restart = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                // the broker goes once the run has moved messages for about a second (at 100 msg/s, 3 frames a
                // publish on the producer's connection and an ack a message on the consumer's)
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> framesFromBench() > 400);
                Broker.rabbitmqctl("stop_app");
            } finally {
                Broker.startApp(); // the next test must find the broker whole, not booting
            }
        });
        CliRun run = CliRun.of("bench", "-z", "30", "-r", "100", "-c", "20", "--stop-on-failure", "--quiet",
                "--json", json.toString());
        restart.get(90, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.errorLines()).containsPattern("rabbittune: (the broker closed the connection: CONNECTION_FORCED"
                + "|connection to the broker lost)").doesNotContain("check the workload");
        assertThat(run.out()).contains("summary (failed, partial)");
        JsonNode result = Json.mapper().readTree(json.toFile());
        assertThat(result.path("failure").path("exitCode").asInt()).isEqualTo(3);
        assertThat(result.path("counts").path("sent").asLong()).isPositive();
    }

    /**
     * Frames the broker received on the bench's connections, asked through rabbitmqctl, which reads them from the
     * connection processes at once (the management API's figures lag by a statistics interval).
     */
    private static long framesFromBench() {
        return Broker.rabbitmqctl("list_connections", "client_properties", "recv_cnt").lines()
                .filter(line -> line.contains("rabbittune-bench-"))
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf('\t') + 1).trim())).sum();
    }
}
