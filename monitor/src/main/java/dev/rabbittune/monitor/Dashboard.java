package dev.rabbittune.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rabbittune.core.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Grafana dashboard {@code rabbittune monitor dashboard} writes: the panels operators rely on in the official
 * RabbitMQ-Overview and RabbitMQ-Quorum-Queues-Raft dashboards (rabbitmq-server deps/rabbitmq_prometheus/docker/
 * grafana/dashboards), on the broker's own metrics, plus this exporter's canary latency per node, its availability
 * and the anomalies. Datasource and cluster are template variables.
 */
public final class Dashboard {

    /** One panel: title, unit and its PromQL queries (with {@code $rabbitmq_cluster} and {@code $__rate_interval}). */
    record Panel(String title, String unit, List<String> queries, boolean core) {
    }

    /**
     * The cluster filter the official dashboards use, joined onto each node's series on instance and job (a node
     * scraped by two jobs, e.g. /metrics and /metrics/detailed, has an identity per job).
     */
    static final String CLUSTER = " * on(instance, job) group_left(rabbitmq_cluster, rabbitmq_node) "
            + "rabbitmq_identity_info{rabbitmq_cluster=\"$rabbitmq_cluster\"}";

    private Dashboard() {
    }

    /** Every panel, in page order; {@code core} ones must return data on a running broker with the exporter. */
    static List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("Ready messages", "short", List.of("sum(rabbitmq_queue_messages_ready" + CLUSTER + ")"),
                true));
        panels.add(new Panel("Unacknowledged messages", "short", List.of("sum(rabbitmq_queue_messages_unacked"
                + CLUSTER + ")"), true));
        panels.add(new Panel("Incoming messages / s", "short", List.of("sum(rate(rabbitmq_global_messages_received_total"
                + "[$__rate_interval])" + CLUSTER + ")"), true));
        panels.add(new Panel("Outgoing messages / s", "short", List.of("sum(rate("
                + "rabbitmq_global_messages_delivered_total[$__rate_interval])" + CLUSTER + ")"), true));
        panels.add(new Panel("Unroutable messages / s", "short", List.of("sum(rate("
                + "rabbitmq_global_messages_unroutable_dropped_total[$__rate_interval])" + CLUSTER + ")",
                "sum(rate(rabbitmq_global_messages_unroutable_returned_total[$__rate_interval])" + CLUSTER + ")"),
                true));
        panels.add(new Panel("Connections", "short", List.of("sum(rabbitmq_connections" + CLUSTER + ")"), true));
        panels.add(new Panel("Connections opened / closed per second", "short", List.of(
                "sum(rate(rabbitmq_connections_opened_total[$__rate_interval])" + CLUSTER + ")",
                "sum(rate(rabbitmq_connections_closed_total[$__rate_interval])" + CLUSTER + ")"), true));
        panels.add(new Panel("Memory used per node", "bytes", List.of("rabbitmq_process_resident_memory_bytes"
                + CLUSTER), true));
        panels.add(new Panel("Free disk per node", "bytes", List.of("rabbitmq_disk_space_available_bytes" + CLUSTER),
                true));
        panels.add(new Panel("File descriptors used per node", "percentunit", List.of("(rabbitmq_process_open_fds"
                + CLUSTER + ") / (rabbitmq_process_max_fds" + CLUSTER + ")"), true));
        panels.add(new Panel("Alarms", "short", List.of("max(rabbitmq_alarms_memory_used_watermark" + CLUSTER + ")",
                "max(rabbitmq_alarms_free_disk_space_watermark" + CLUSTER + ")",
                "max(rabbitmq_alarms_file_descriptor_limit" + CLUSTER + ")"), true));
        // RabbitMQ 4 renamed the Raft metrics (rabbitmq_raft_commit_index): both, as the official dashboard does
        panels.add(new Panel("Raft: log entries committed / s", "short", List.of("sum(rate("
                + "rabbitmq_raft_log_commit_index[$__rate_interval])" + CLUSTER + ")", "sum(rate("
                + "rabbitmq_raft_commit_index[$__rate_interval])" + CLUSTER + ")"), false));
        panels.add(new Panel("Raft: entry commit latency", "s", List.of("rabbitmq_raft_entry_commit_latency_seconds"
                + CLUSTER), false));
        panels.add(new Panel("Raft: members with uncommitted entries", "short", List.of("count(("
                + "rabbitmq_raft_log_last_written_index - rabbitmq_raft_log_commit_index) > 0)"), false));
        panels.add(new Panel("Canary end-to-end latency p50 / p99 per node", "s", List.of(
                "histogram_quantile(0.5, sum by (le, node) (rate(rabbittune_canary_latency_seconds_bucket"
                        + "[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le, node) (rate(rabbittune_canary_latency_seconds_bucket"
                        + "[$__rate_interval])))"), true));
        panels.add(new Panel("Canary confirm latency p99 per node", "s", List.of("histogram_quantile(0.99, sum by "
                + "(le, node) (rate(rabbittune_canary_confirm_seconds_bucket[$__rate_interval])))"), true));
        panels.add(new Panel("Canary up per node", "short", List.of("rabbittune_canary_up"), true));
        panels.add(new Panel("Canary timeouts / s per node", "short", List.of("rate(rabbittune_canary_timeouts_total"
                + "[$__rate_interval])"), true));
        panels.add(new Panel("Anomalies", "short", List.of("rabbittune_anomaly"), true));
        panels.add(new Panel("Exporter: broker read time and data age", "s", List.of(
                "rate(rabbittune_broker_read_seconds_sum[$__rate_interval]) / rate("
                        + "rabbittune_broker_read_seconds_count[$__rate_interval])", "rabbittune_broker_data_age_seconds"),
                true));
        return panels;
    }

    /** The dashboard as Grafana's JSON model (import it, or provision it from a file). */
    public static String json() {
        ObjectNode dashboard = Json.mapper().createObjectNode();
        dashboard.put("title", "RabbitMQ (rabbittune)");
        dashboard.put("uid", "rabbittune-overview");
        dashboard.put("schemaVersion", 39);
        dashboard.put("refresh", "15s");
        dashboard.putObject("time").put("from", "now-1h").put("to", "now");
        ArrayNode variables = dashboard.putObject("templating").putArray("list");
        variables.addObject().put("name", "datasource").put("label", "Data source").put("type", "datasource")
                .put("query", "prometheus");
        ObjectNode cluster = variables.addObject();
        cluster.put("name", "rabbitmq_cluster").put("label", "Cluster").put("type", "query")
                .put("query", "label_values(rabbitmq_identity_info, rabbitmq_cluster)").put("refresh", 2);
        cluster.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
        ArrayNode panels = dashboard.putArray("panels");
        int id = 1;
        for (Panel panel : panels()) {
            ObjectNode node = panels.addObject();
            node.put("id", id).put("type", "timeseries").put("title", panel.title());
            node.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
            node.putObject("gridPos").put("h", 8).put("w", 12).put("x", (id - 1) % 2 * 12).put("y", (id - 1) / 2 * 8);
            node.putObject("fieldConfig").putObject("defaults").put("unit", panel.unit());
            ArrayNode targets = node.putArray("targets");
            char ref = 'A';
            for (String query : panel.queries()) {
                targets.addObject().put("refId", String.valueOf(ref++)).put("expr", query)
                        .put("legendFormat", "__auto");
            }
            id++;
        }
        try {
            return Json.mapper().writeValueAsString(dashboard);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
