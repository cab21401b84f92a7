package dev.rabbittune.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus rule file {@code rabbittune monitor rules} writes: the RabbitMQ cluster-operator's alerts on the
 * broker's own {@code rabbitmq_prometheus} metrics (observability/prometheus/rules/rabbitmq/*.yml at
 * rabbitmq/cluster-operator 06cda8e, 2026-08-06; its Kubernetes-only ones replaced by their equivalents on this
 * exporter's metrics), and multi-window, multi-burn-rate alerts on the canary's latency SLO as the Google SRE
 * workbook's "Alerting on SLOs" tabulates them: page at 14.4x over 1 h and 5 m and at 6x over 6 h and 30 m, ticket
 * at 1x over 3 d and 6 h. Every alert carries a runbook in its annotations.
 */
public final class AlertRules {

    /** The windows the canary's error ratio is recorded over. */
    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");

    /** Grouping the cluster-operator uses to attach the cluster's name to each node's series. */
    private static final String BY_CLUSTER = "* on(instance) group_left(rabbitmq_cluster) max by (instance, "
            + "rabbitmq_cluster) (rabbitmq_identity_info)";

    private AlertRules() {
    }

    /**
     * @param sloTarget        share of canary messages that must arrive within the latency bound, e.g. 0.999
     * @param sloLatencySeconds the latency bound; must be one of {@link Canary#BUCKETS}
     */
    public static String yaml(double sloTarget, double sloLatencySeconds) {
        if (!(sloTarget > 0 && sloTarget < 1)) {
            throw new IllegalArgumentException("the SLO target must be between 0 and 1, got " + sloTarget);
        }
        String le = bucket(sloLatencySeconds);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("groups", List.of(group("rabbitmq", brokerAlerts()), group("rabbittune-canary-slo",
                canaryRules(sloTarget, le)), group("rabbittune", exporterAlerts())));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE).disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.SPLIT_LINES));
        try {
            return "# Written by rabbittune monitor rules. Load with rule_files in prometheus.yml; check with:\n"
                    + "#   promtool check rules THIS_FILE\n" + yaml.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code le} label value of the bucket at {@code seconds}, as the exporter writes it. */
    static String bucket(double seconds) {
        for (java.time.Duration b : Canary.BUCKETS) {
            if (Math.abs(b.toNanos() / 1e9 - seconds) < 1e-9) {
                return String.valueOf(b.toNanos() / 1e9);
            }
        }
        throw new IllegalArgumentException("the SLO latency must be one of the canary's buckets (0.001 to 10 s), got "
                + seconds);
    }

    private static Map<String, Object> group(String name, List<Map<String, Object>> rules) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("rules", rules);
        return group;
    }

    private static List<Map<String, Object>> brokerAlerts() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String[] alarm : new String[][] {
            {"MemoryAlarm", "rabbitmq_alarms_memory_used_watermark", "memory alarm", "vm_memory_high_watermark",
                "https://www.rabbitmq.com/docs/memory"},
            {"RabbitmqDiskAlarm", "rabbitmq_alarms_free_disk_space_watermark", "disk alarm", "disk_free_limit",
                "https://www.rabbitmq.com/docs/disk-alarms"},
            {"RabbitmqFileDescriptorAlarm", "rabbitmq_alarms_file_descriptor_limit", "file descriptor alarm",
                "file descriptor limit", "https://www.rabbitmq.com/docs/alarms#file-descriptors"}}) {
            rules.add(operator(alert(alarm[0], "max by(rabbitmq_cluster) (max_over_time(" + alarm[1] + "[5m]) "
                    + BY_CLUSTER + ") > 0", null, "warning", "RabbitMQ cluster {{ $labels.rabbitmq_cluster }}: " + alarm[2]
                    + " active, publishers are blocked.", "A node reached its " + alarm[3] + ". Publishing connections"
                    + " are blocked until it clears. Find the node with rabbitmq-diagnostics alarms, then free the"
                    + " resource (consume or purge backlogs, add memory or disk) or raise the limit. See "
                    + alarm[4] + " and https://www.rabbitmq.com/docs/alarms."), true));
        }
        rules.add(operator(alert("FileDescriptorsNearLimit", "sum by(rabbitmq_cluster, rabbitmq_node) "
                + "(max_over_time(rabbitmq_process_open_fds[5m]) * on(instance) group_left(rabbitmq_cluster, "
                + "rabbitmq_node) max by (instance, rabbitmq_node, rabbitmq_cluster) (rabbitmq_identity_info)) / "
                + "sum by(rabbitmq_cluster, rabbitmq_node) (rabbitmq_process_max_fds * on(instance) "
                + "group_left(rabbitmq_cluster, rabbitmq_node) max by (instance, rabbitmq_node, rabbitmq_cluster) "
                + "(rabbitmq_identity_info)) > 0.8", "10m", "warning",
                "{{ $value | humanizePercentage }} of the file descriptor limit used on {{ $labels.rabbitmq_node }}.",
                "At 100% the node refuses new connections and disk writes may fail. Raise the limit "
                        + "(LimitNOFILE in the systemd unit; the config files rabbittune doctor writes on request include"
                        + " it) or find the "
                        + "connection leak. See https://www.rabbitmq.com/docs/production-checklist#resource-limits-file-handle-limit."), false));
        rules.add(operator(alert("HighConnectionChurn", "(sum by (rabbitmq_cluster) (rate(rabbitmq_connections_closed_total[5m]) "
                + BY_CLUSTER + ") + sum by (rabbitmq_cluster) (rate(rabbitmq_connections_opened_total[5m]) "
                + BY_CLUSTER + ")) / sum by (rabbitmq_cluster) (rabbitmq_connections " + BY_CLUSTER + ") > 0.1 unless "
                + "sum by (rabbitmq_cluster) (rabbitmq_connections " + BY_CLUSTER + ") < 100", "10m", "warning",
                "{{ $value | humanizePercentage }} of the connections in {{ $labels.rabbitmq_cluster }} opened or "
                        + "closed per second over 5 minutes.",
                "Applications open a connection per message or per request instead of keeping it. Keep "
                        + "connections (the rabbittune client's ChannelPool) and reuse channels. See "
                        + "https://www.rabbitmq.com/docs/connections#high-connection-churn."), false));
        rules.add(operator(alert("LowDiskWatermarkPredicted", "(predict_linear(rabbitmq_disk_space_available_bytes[24h], "
                + "60*60*24) * on (instance) group_left(rabbitmq_cluster, rabbitmq_node) max by (instance, "
                + "rabbitmq_node, rabbitmq_cluster) (rabbitmq_identity_info) < rabbitmq_disk_space_available_limit_bytes "
                + "* on (instance) group_left(rabbitmq_cluster, rabbitmq_node) max by (instance, rabbitmq_node, "
                + "rabbitmq_cluster) (rabbitmq_identity_info)) and (count_over_time("
                + "rabbitmq_disk_space_available_limit_bytes[2h] offset 22h) * on (instance) "
                + "group_left(rabbitmq_cluster, rabbitmq_node) max by (instance, rabbitmq_node, rabbitmq_cluster) "
                + "(rabbitmq_identity_info) > 0)", "60m", "warning",
                "In 24 hours free disk on {{ $labels.rabbitmq_node }} is predicted at {{ $value | humanize1024 }}B, "
                        + "below its limit.",
                "At the limit the disk alarm blocks every publisher in the cluster. Grow the disk, shorten "
                        + "retention (max-length, TTL, stream retention) or consume the backlog. See "
                        + "https://www.rabbitmq.com/docs/disk-alarms."), false));
        rules.add(operator(alert("UnroutableMessages", "sum by(rabbitmq_cluster) (increase("
                + "rabbitmq_channel_messages_unroutable_dropped_total[5m]) " + BY_CLUSTER + ") >= 1 or "
                + "sum by(rabbitmq_cluster) (increase(rabbitmq_channel_messages_unroutable_returned_total[5m]) "
                + BY_CLUSTER + ") >= 1", null, "warning",
                "{{ $value | printf \"%.0f\" }} unroutable messages in 5 minutes in {{ $labels.rabbitmq_cluster }}.",
                "Messages were published to an exchange with no matching binding: dropped, or returned to "
                        + "mandatory publishers. Check bindings and routing keys. See "
                        + "https://www.rabbitmq.com/docs/publishers#unroutable."), false));
        rules.add(operator(alert("InsufficientEstablishedErlangDistributionLinks", "count by (rabbitmq_cluster) "
                + "(erlang_vm_dist_node_state " + BY_CLUSTER + " == 3) < count by (rabbitmq_cluster) "
                + "(rabbitmq_build_info " + BY_CLUSTER + ") * (count by (rabbitmq_cluster) (rabbitmq_build_info "
                + BY_CLUSTER + ") - 1)", "10m", "warning",
                "Only {{ $value }} Erlang distribution links are established in {{ $labels.rabbitmq_cluster }}.",
                "Nodes form a full mesh: n*(n-1) links for n nodes. Fewer means failed links, a partition or a node"
                        + " that cannot join. Check rabbitmq-diagnostics cluster_status and the nodes' logs. See "
                        + "https://www.rabbitmq.com/docs/partitions."), false));
        return rules;
    }

    /** Recording rules for the canary's error ratio per window, then the three burn-rate alerts. */
    private static List<Map<String, Object>> canaryRules(double target, String le) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String window : WINDOWS) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("record", "rabbittune:canary_error_ratio:rate" + window);
            // arrived within the bound / sent; a message that never arrived is never in the bucket
            record.put("expr", "clamp_min(1 - sum by (node) (rate(rabbittune_canary_latency_seconds_bucket{le=\""
                    + le + "\"}[" + window + "])) / sum by (node) (rate(rabbittune_canary_sent_total[" + window
                    + "])), 0)");
            rules.add(record);
        }
        double budget = 1 - target;
        rules.add(burn("CanaryLatencySloFastBurn", 14.4, "1h", "5m", budget, "page", null,
                "2% of the month's error budget in one hour"));
        rules.add(burn("CanaryLatencySloSlowBurn", 6, "6h", "30m", budget, "page", null,
                "5% of the month's error budget in six hours"));
        rules.add(burn("CanaryLatencySloBudgetBurn", 1, "3d", "6h", budget, "ticket", null,
                "10% of the month's error budget in three days"));
        String bound = le + " s";
        rules.add(alert("CanaryDown", "rabbittune_canary_up == 0", "1m", "page",
                "The canary of {{ $labels.node }} has had no message delivered within its timeout for a minute.",
                "Messages through " + "{{ $labels.node }} are not getting through: a resource alarm (see MemoryAlarm, "
                        + "RabbitmqDiskAlarm), the node down or partitioned, or its canary queue without a leader. "
                        + "Check rabbitmq-diagnostics status and alarms on that node. The latency bound of the SLO is "
                        + bound + "."));
        return rules;
    }

    private static Map<String, Object> burn(String name, double factor, String longWindow, String shortWindow,
            double budget, String severity, String forDuration, String meaning) {
        String threshold = String.format(Locale.ROOT, "(%s * %s)", number(factor), number(budget));
        return alert(name, "rabbittune:canary_error_ratio:rate" + longWindow + " > " + threshold
                        + " and rabbittune:canary_error_ratio:rate" + shortWindow + " > " + threshold, forDuration,
                severity, "The canary of {{ $labels.node }} burns its latency SLO at " + number(factor) + "x over "
                        + longWindow + " and " + shortWindow + ": " + meaning + ".",
                "Canary messages arrive late or not at all. Look at the canary latency panel per node, then at "
                        + "alarms, queue backlogs and the node's CPU and disk. Burn-rate windows after the Google SRE "
                        + "workbook, Alerting on SLOs.");
    }

    private static List<Map<String, Object>> exporterAlerts() {
        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(alert("NoMajorityOfNodesRunning", "sum by (instance) (rabbittune_node_running) <= count by "
                + "(instance) (rabbittune_node_running) / 2 and on(instance) rabbittune_broker_up == 1", "5m", "warning", "Only {{ $value }} nodes of the cluster are running.",
                "Without a majority, quorum queues and streams stop accepting writes. Start the stopped nodes "
                        + "(rabbitmqctl start_app, or the service) and check their logs. (The cluster-operator's "
                        + "NoMajorityOfNodesReady reads Kubernetes; this reads the nodes' own running flag.)"));
        rules.add(alert("QueueGrowingWithoutConsumers", "rabbittune_queue_consumers == 0 and "
                + "deriv(rabbittune_queue_messages[10m]) > 1", "10m", "warning",
                "Queue {{ $labels.queue }} in {{ $labels.vhost }} grows with no consumer.",
                "Messages pile up where nothing reads them. Start its consumers, or bound the queue "
                        + "(x-max-length, TTL) if it is not meant to be read. Only queues with their own series "
                        + "(up to the exporter's max-queue-series) are watched."));
        rules.add(alert("RabbittuneBrokerReadFailing", "rabbittune_broker_up == 0", "2m", "warning",
                "rabbittune monitor has not read the management API for two minutes.",
                "The broker's figures on this exporter are stale (see rabbittune_broker_data_age_seconds). Check that "
                        + "the management plugin answers and the monitor's credentials."));
        rules.add(alert("RabbittuneAnomaly", "rabbittune_anomaly == 1", "2m", "ticket",
                "{{ $labels.signal }} is unusual against its own recent past.",
                "The monitor's log line for this signal gives the recent median and the baseline it was compared "
                        + "with. A step in canary latency or a growing backlog usually precedes an alarm."));
        return rules;
    }

    /**
     * One of the cluster-operator's alerts: its {@code rulesgroup} label (its alert dashboards select on it), and
     * for the alarms its {@code keep_firing_for}, so a flapping alarm does not resolve and fire again.
     */
    private static Map<String, Object> operator(Map<String, Object> rule, boolean alarm) {
        @SuppressWarnings("unchecked")
        Map<String, String> labels = new LinkedHashMap<>((Map<String, String>) rule.get("labels"));
        labels.put("rulesgroup", "rabbitmq");
        rule.put("labels", labels);
        if (alarm) {
            Map<String, Object> ordered = new LinkedHashMap<>();
            rule.forEach((k, v) -> {
                ordered.put(k, v);
                if (k.equals("expr")) {
                    ordered.put("keep_firing_for", "5m");
                }
            });
            return ordered;
        }
        return rule;
    }

    private static Map<String, Object> alert(String name, String expr, String forDuration, String severity,
            String summary, String runbook) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", name);
        rule.put("expr", expr);
        if (forDuration != null) {
            rule.put("for", forDuration);
        }
        rule.put("labels", Map.of("severity", severity));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("runbook", runbook);
        rule.put("annotations", annotations);
        return rule;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
