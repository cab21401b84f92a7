package dev.rabbittune.monitor;

import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS package's Prometheus, started by scripts/prometheus on a free port, scrapes this exporter and the broker's
 * own plugin every second; every PromQL expression of the generated rules and dashboard is then evaluated through
 * its HTTP API: each must parse, and the core panels must return data.
 */
@NeedsBroker
@NeedsTools
class RealPrometheusTest {

    @TempDir
    static Path folder;

    private static Monitor monitor;
    private static TestPrometheus prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100));
        Files.writeString(folder.resolve("rules.yml"), AlertRules.yaml(0.999, 0.1));
        prometheus = TestPrometheus.start(folder, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: rabbittune
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: rabbitmq
                    static_configs: [{targets: ['127.0.0.1:15692']}]
                """.formatted(monitor.address().getPort()));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> query("up").path("data")
                .path("result").size() == 2 && sum(query("up")) == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        Monitor.cleanup(TestMonitors.settings(Broker.URI, 100));
    }

    @Test
    void everyRuleExpressionParsesAndRunsInPrometheus() throws Exception {
        JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(AlertRules.yaml(0.999, 0.1));
        List<String> expressions = new ArrayList<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));

        assertThat(expressions).hasSizeGreaterThan(15).allSatisfy(expr -> assertThat(query(expr).path("status")
                .asText()).as(expr).isEqualTo("success"));
        // Prometheus loaded the same file and evaluates it: every group is there, with its rules healthy
        JsonNode loaded = get("/api/v1/rules").path("data").path("groups");
        assertThat(loaded).hasSize(3);
        loaded.forEach(g -> g.path("rules").forEach(r -> assertThat(r.path("health").asText()).as(r.path("name")
                .asText()).isIn("ok", "unknown")));
    }

    @Test
    void everyDashboardQueryParsesAndTheCorePanelsReturnData() {
        String cluster = query("rabbitmq_identity_info").path("data").path("result").get(0).path("metric")
                .path("rabbitmq_cluster").asText();
        for (Dashboard.Panel panel : Dashboard.panels()) {
            for (String raw : panel.queries()) {
                String expr = raw.replace("$rabbitmq_cluster", cluster).replace("$__rate_interval", "15s");
                assertThat(query(expr).path("status").asText()).as(expr).isEqualTo("success");
                if (panel.core()) {
                    await(panel.title()).atMost(Duration.ofSeconds(60)).until(() -> !query(expr).path("data")
                            .path("result").isEmpty());
                }
            }
        }
        assertThat(Dashboard.json()).contains("\"${datasource}\"").contains("label_values(rabbitmq_identity_info, "
                + "rabbitmq_cluster)");
    }

    private static double sum(JsonNode reply) {
        double total = 0;
        for (JsonNode series : reply.path("data").path("result")) {
            total += series.path("value").get(1).asDouble();
        }
        return total;
    }

    private static JsonNode query(String expr) {
        return prometheus.query(expr);
    }

    private static JsonNode get(String path) {
        return prometheus.get(path);
    }
}
