package dev.rabbittune.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The OS package's Prometheus, run by scripts/prometheus on a free port with a given config, and its HTTP API. */
final class TestPrometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private TestPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Writes {@code config} as prometheus.yml in {@code folder} and starts Prometheus on it. */
    static TestPrometheus start(Path folder, String config) throws IOException {
        Files.writeString(folder.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path script = Path.of("..", "scripts", "prometheus").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(script.toString(), "run", folder.resolve("prometheus.yml").toString(),
                String.valueOf(port), folder.resolve("data").toString()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("prometheus.log").toFile()).start();
        return new TestPrometheus(process, port);
    }

    /** The reply of an instant query. */
    JsonNode query(String expr) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /** The sum of an instant query's values. */
    double sum(String expr) {
        double total = 0;
        for (JsonNode series : query(expr).path("data").path("result")) {
            total += series.path("value").get(1).asDouble();
        }
        return total;
    }

    JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
