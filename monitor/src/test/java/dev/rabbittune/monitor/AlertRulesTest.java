package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated rules checked and exercised by Prometheus's own promtool. */
@NeedsTools
class AlertRulesTest {

    @TempDir
    Path folder;

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Files.writeString(folder.resolve("rules.yml"), AlertRules.yaml(0.999, 0.1));

        Tools.Run check = Tools.run(folder, "promtool", "check", "rules", "rules.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    /**
     * Series that must fire (a memory alarm, a canary down, a canary whose messages mostly arrive late) and series
     * that must not (a healthy canary, no alarm), in promtool's unit-test format.
     */
    @Test
    void theAlertsFireOnSeriesThatShouldAndStayQuietOnHealthyOnes() throws Exception {
        // promtool compares annotations too: the runbooks are prose, the expressions are what is tested here
        Files.writeString(folder.resolve("rules.yml"), withoutAnnotations(AlertRules.yaml(0.999, 0.1)));
        Files.writeString(folder.resolve("tests.yml"), """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'rabbitmq_alarms_memory_used_watermark{instance="a:15692"}'
                        values: '0 0 1 1 1 1 1 1'
                      - series: 'rabbitmq_alarms_memory_used_watermark{instance="b:15692"}'
                        values: '0 0 0 0 0 0 0 0'
                      - series: 'rabbitmq_identity_info{instance="a:15692",rabbitmq_cluster="c1",rabbitmq_node="rabbit@a"}'
                        values: '1 1 1 1 1 1 1 1'
                      - series: 'rabbitmq_identity_info{instance="b:15692",rabbitmq_cluster="c2",rabbitmq_node="rabbit@b"}'
                        values: '1 1 1 1 1 1 1 1'
                      - series: 'rabbittune_canary_up{node="rabbit@a"}'
                        values: '1 1 0 0 0 0 0 0'
                      - series: 'rabbittune_canary_up{node="rabbit@b"}'
                        values: '1 1 1 1 1 1 1 1'
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: MemoryAlarm
                        exp_alerts:
                          - exp_labels: {severity: warning, rulesgroup: rabbitmq, rabbitmq_cluster: c1}
                      - eval_time: 5m
                        alertname: CanaryDown
                        exp_alerts:
                          - exp_labels: {severity: page, node: rabbit@a}
                  - interval: 1m
                    input_series:
                      # 60 messages a minute; from minute 0 on, node a's arrive within 100 ms only half the time
                      - series: 'rabbittune_canary_sent_total{node="rabbit@a"}'
                        values: '0+60x120'
                      - series: 'rabbittune_canary_latency_seconds_bucket{node="rabbit@a",le="0.1"}'
                        values: '0+30x120'
                      - series: 'rabbittune_canary_sent_total{node="rabbit@b"}'
                        values: '0+60x120'
                      - series: 'rabbittune_canary_latency_seconds_bucket{node="rabbit@b",le="0.1"}'
                        values: '0+60x120'
                    alert_rule_test:
                      - eval_time: 70m
                        alertname: CanaryLatencySloFastBurn
                        exp_alerts:
                          - exp_labels: {severity: page, node: rabbit@a}
                      - eval_time: 70m
                        alertname: CanaryDown
                        exp_alerts: []
                """);

        Tools.Run test = Tools.run(folder, "promtool", "test", "rules", "tests.yml");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    private static String withoutAnnotations(String yaml) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        com.fasterxml.jackson.databind.JsonNode rules = mapper.readTree(yaml);
        rules.path("groups").forEach(g -> g.path("rules").forEach(r ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("annotations")));
        return mapper.writeValueAsString(rules);
    }

    @Test
    void everyAlertHasASeverityAndARunbook() throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(AlertRules.yaml(0.999, 0.1));
        java.util.List<com.fasterxml.jackson.databind.JsonNode> alerts = new java.util.ArrayList<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(15).allSatisfy(a -> {
            assertThat(a.path("labels").path("severity").asText()).isIn("page", "ticket", "warning");
            assertThat(a.path("annotations").path("runbook").asText()).hasSizeGreaterThan(60);
        });
    }

    @Test
    void anSloLatencyThatIsNoBucketIsRefused() {
        assertThatThrownBy(() -> AlertRules.yaml(0.999, 0.3)).hasMessageContaining("one of the canary's buckets");
        assertThatThrownBy(() -> AlertRules.yaml(1.0, 0.1)).hasMessageContaining("between 0 and 1");
    }
}
