package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command end to end against the local broker: output lines, result files, Ctrl-C. */
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
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes()));
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        Thread.sleep(4000);
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        assertThat(process.exitValue()).as(output.toString()).isEqualTo(130);
        assertThat(output).contains("summary (interrupted, partial)", "p99");
        String queue = output.toString().replaceAll("(?s).*\\[(rabbittune-[0-9a-f]+-1)\\].*", "$1");
        assertThat(queue).startsWith("rabbittune-");
        assertThat(dev.rabbittune.core.ManagementApi.forAmqpUri(dev.rabbittune.core.AmqpUri.parse("amqp://localhost"))
                .queue("/", queue)).isEmpty();
    }
}
