package dev.rabbittune.cli;

import static dev.rabbittune.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.rabbittune.core.Json;
import dev.rabbittune.testing.NeedsBroker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rabbittune doctor} offline and on bad input: exit codes and one-line errors of ARCHITECTURE.md. */
class DoctorCommandTest {

    /** A fake management API answering every request with {@code status} and {@code body}. */
    private static HttpServer fakeApi(int status, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static CliRun doctorAgainst(HttpServer server) {
        return CliRun.of("doctor", "--no-host", "--management-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void unreachableApiIsExitThree() {
        assertOneLineError(CliRun.of("doctor", "--management-url", "http://127.0.0.1:1"), 3,
                "cannot reach the management API");
    }

    @NeedsBroker
    @Test
    void refusedCredentialsAreExitThreeWithoutThePassword() {
        CliRun run = CliRun.of("doctor", "--uri", "amqp://guest:s3cret-pw@localhost");
        assertOneLineError(run, 3, "refused the credentials (401)");
        assertThat(run.out() + run.err()).doesNotContain("s3cret-pw");
    }

    @Test
    void serverErrorIsExitFour() throws Exception {
        HttpServer server = fakeApi(500, "{\"error\":\"boom\"}");
        try {
            assertOneLineError(doctorAgainst(server), 4, "answered 500");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void truncatedJsonIsExitFour() throws Exception {
        HttpServer server = fakeApi(200, "{\"rabbitmq_version\": \"3.10");
        try {
            assertOneLineError(doctorAgainst(server), 4, "malformed JSON");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void snapshotFromANewerFormatIsExitTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("future.json");
        Files.writeString(file, "{\"formatVersion\": 3, \"broker\": {}}");
        assertOneLineError(CliRun.of("doctor", "--from", file.toString()), 2, "format version 3", "upgrade");
    }

    @Test
    void watchShorterThanTheStatisticsIntervalOrWithFromIsExitTwo(@TempDir Path dir) throws Exception {
        assertOneLineError(CliRun.of("doctor", "--watch", "3s"), 2, "--watch 3s is out of range");
        assertOneLineError(CliRun.of("doctor", "--watch", "soon"), 2, "invalid --watch 'soon'");
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"formatVersion\": 2, \"broker\": {}}");
        assertOneLineError(CliRun.of("doctor", "--watch", "60s", "--from", file.toString()), 2,
                "--watch takes its two snapshots from a broker");
    }

    @Test
    void unknownSeverityIsUsageError() {
        assertOneLineError(CliRun.of("doctor", "--fail-on", "panic"), 2, "invalid severity 'panic'");
    }

    @Test
    void offlineAnalysisReportsAndExitsOneOnCritical(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, """
                {"formatVersion": 1, "source": "http://rabbit-a:15672", "broker": {
                  "overview": {"rabbitmqVersion": "3.10.8", "clusterName": "prod"},
                  "nodes": [{"name": "rabbit@a", "running": true, "memAlarm": true,
                             "memUsedBytes": 900, "memLimitBytes": 800}],
                  "queues": [{"vhost": "/", "name": "orders", "type": "classic", "messagesReady": 12,
                              "consumers": 0, "durable": true}]}}
                """);
        Path json = dir.resolve("f.json");
        Path markdown = dir.resolve("f.md");

        CliRun run = CliRun.of("doctor", "--from", file.toString(), "--json", json.toString(), "--markdown",
                markdown.toString(), "--explain");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("CRITICAL (1)", "memory-alarm  rabbit@a",
                "queue-backlog-no-consumers  orders", "why:", "fix:");
        JsonNode findings = Json.mapper().readTree(json.toFile()).path("findings");
        assertThat(findings.findValuesAsText("id")).contains("memory-alarm", "queue-backlog-no-consumers",
                "release-series-unsupported");
        assertThat(Files.readString(markdown)).contains("# rabbittune doctor", "## CRITICAL");
    }

    @Test
    void failOnWarningLowersTheBar(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, """
                {"formatVersion": 1, "broker": {"overview": {"rabbitmqVersion": "3.10.8"}}}
                """);
        assertThat(CliRun.of("doctor", "--from", file.toString()).exitCode()).isZero();
        assertThat(CliRun.of("doctor", "--from", file.toString(), "--fail-on", "warning").exitCode()).isEqualTo(1);
    }
}
