package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import dev.rabbittune.doctor.snapshot.ChannelFacts;
import dev.rabbittune.doctor.snapshot.FeatureFlagFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.PolicyFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import dev.rabbittune.doctor.snapshot.VhostFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule, on a constructed snapshot: silent on the healthy cluster, fires on the one thing a case spoils, with
 * the expected severity and subject.
 */
class RuleCasesTest {

    private static final long GIB = SnapshotBuilder.GIB;

    /** rule id -> how to spoil the healthy snapshot, the severity expected and the subject expected. */
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private record Case(Consumer<SnapshotBuilder> spoil, Severity severity, String subject) {
    }

    private static void add(String id, Severity severity, String subject, Consumer<SnapshotBuilder> spoil) {
        CASES.put(id, new Case(spoil, severity, subject));
    }

    static {
        // host
        add("host-memory-low", Severity.WARNING, "rabbit-a", s -> s.host.mem = 2 * GIB);
        add("host-swappiness-high", Severity.INFO, "rabbit-a", s -> {
            s.host.swap = GIB;
            s.host.sysctl.put("vm.swappiness", "60");
        });
        add("host-somaxconn-low", Severity.INFO, "rabbit-a", s -> s.host.sysctl.put("net.core.somaxconn", "128"));
        add("host-syn-backlog-low", Severity.INFO, "rabbit-a",
                s -> s.host.sysctl.put("net.ipv4.tcp_max_syn_backlog", "512"));
        add("host-file-max-low", Severity.WARNING, "rabbit-a", s -> s.host.sysctl.put("fs.file-max", "65536"));
        add("host-tcp-keepalive-long", Severity.INFO, "rabbit-a", s -> {
            s.host.sysctl.put("net.ipv4.tcp_keepalive_time", "7200");
            s.connection().heartbeat = 0;
        });
        add("host-tcp-fin-timeout-extreme", Severity.WARNING, "rabbit-a",
                s -> s.host.sysctl.put("net.ipv4.tcp_fin_timeout", "1"));
        add("host-cpu-quota-below-schedulers", Severity.WARNING, "rabbit-a", s -> {
            s.host.cgroupCpu = 2.0;
            s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, false, 300, 8, null, null);
        });
        add("host-fsync-slow", Severity.WARNING, "rabbit-a", s -> s.host.fsyncMillis = 20);
        add("host-data-dir-on-network-fs", Severity.WARNING, "/var/lib/rabbitmq/mnesia/rabbit@a",
                s -> s.host.fsType = "nfs4");
        add("host-scheduler-busy-wait", Severity.INFO, "rabbit-a", s -> {
            s.host.busyWait.put("sbwt", "default");
            s.host.cores = 2;
        });
        // node resources
        add("memory-alarm", Severity.CRITICAL, "rabbit@b", s -> s.node(1).memAlarm = true);
        add("memory-headroom-low", Severity.WARNING, "rabbit@a", s -> s.node(0).memUsed = 6 * GIB - 100_000_000L);
        add("memory-watermark-out-of-range", Severity.CRITICAL, "rabbit@a", s -> s.host.cgroupMem = 4 * GIB);
        add("disk-alarm", Severity.CRITICAL, "rabbit@a", s -> s.node(0).diskAlarm = true);
        add("disk-headroom-low", Severity.CRITICAL, "rabbit@c", s -> s.node(2).diskFree = 8 * GIB + 100_000_000L);
        add("disk-free-limit-below-memory", Severity.WARNING, "rabbit@a", s -> s.node(0).diskFreeLimit = 50_000_000L);
        add("file-descriptors-near-limit", Severity.CRITICAL, "rabbit@a", s -> s.node(0).fdUsed = 65000L);
        add("file-descriptor-limit-low", Severity.WARNING, "rabbit@a", s -> s.node(0).fdTotal = 1024L);
        add("sockets-near-limit", Severity.WARNING, "rabbit@a", s -> s.node(0).socketsUsed = 50000L);
        add("erlang-processes-near-limit", Severity.WARNING, "rabbit@a", s -> s.node(0).procUsed = 900_000L);
        add("erlang-run-queue-high", Severity.WARNING, "rabbit@a", s -> s.node(0).runQueue = 40L);
        add("cpu-cores-low", Severity.WARNING, "rabbit@a", s -> s.node(0).processors = 2);
        // cluster
        add("node-down", Severity.CRITICAL, "rabbit@c", s -> s.node(2).running = false);
        add("network-partition", Severity.CRITICAL, "rabbit@a", s -> s.node(0).partitions = List.of("rabbit@c"));
        add("cluster-even-node-count", Severity.WARNING, "prod", s -> s.nodes.remove(2));
        add("cluster-single-node", Severity.INFO, "prod", s -> {
            s.nodes.remove(2);
            s.nodes.remove(1);
        });
        add("cluster-mixed-versions", Severity.WARNING, "prod", s -> s.node(2).version = "4.0.9");
        add("partition-handling-mode", Severity.WARNING, "prod", s -> s.config.remove("cluster_partition_handling"));
        add("queue-leaders-imbalanced", Severity.WARNING, "prod", s -> IntStream.range(0, 40)
                .forEach(i -> s.queues.add(new SnapshotBuilder.Queue("q" + i))));
        add("feature-flags-disabled", Severity.WARNING, "prod",
                s -> s.featureFlags.add(new FeatureFlagFacts("message_containers", "disabled", "stable")));
        add("vhost-down", Severity.CRITICAL, "/", s -> s.vhosts.set(0, new VhostFacts("/",
                Map.of("max-connections", 2000), Map.of("rabbit@a", "running", "rabbit@b", "stopped",
                        "rabbit@c", "running"))));
        add("distribution-links-incomplete", Severity.WARNING, "rabbit@b",
                s -> s.node(1).clusterLinks = List.of("rabbit@a"));
        add("net-ticktime-mismatch", Severity.WARNING, "prod", s -> s.node(2).netTicktime = 120);
        add("erlang-versions-mixed", Severity.WARNING, "prod", s -> {
            s.nodes.forEach(n -> n.erlangVersion = "27.3.4");
            s.node(2).erlangVersion = "26.2.5";
        });
        add("erlang-atoms-near-limit", Severity.WARNING, "http://rabbit-a:15692/metrics",
                s -> s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, false, 300, 8,
                        4_200_000L, 5_000_000L));
        add("quorum-queue-member-count", Severity.INFO, "orders", s -> {
            s.nodes.add(new SnapshotBuilder.Node("rabbit@d"));
            s.nodes.add(new SnapshotBuilder.Node("rabbit@e"));
            s.queue().members = s.queue().online = List.of("rabbit@a", "rabbit@b", "rabbit@c", "rabbit@d");
        });
        add("deprecated-feature-used", Severity.INFO, "global_qos", s -> {
            s.version = "4.1.4";
            s.channels.add(new ChannelFacts("global (3)", "global", 0, 50, true, false, 0, 1));
        });
        // trends over a watch
        add("queue-growing-no-consumers", Severity.WARNING, "orders", s -> {
            watched(s);
            s.queue().consumers = 0;
            s.earlier.queue().consumers = 0;
            s.queue().ready = 600;
            s.earlier.queue().ready = 0;
        });
        add("unacked-growing", Severity.WARNING, "orders", s -> {
            watched(s);
            s.queue().unacked = 3000;
        });
        add("disk-free-falling", Severity.WARNING, "rabbit@a", s -> {
            watched(s);
            s.earlier.node(0).diskFree = s.node(0).diskFree + 60L * 2_000_000L; // 2 MB/s: the limit in ~14 h
        });
        add("connection-churn-measured", Severity.WARNING, "prod", s -> {
            watched(s);
            s.churn = new Overview.ChurnTotals(100 + 600, 99 + 600, 300, 298); // 10/s over 60 s
        });
        add("tls-certificate-expiring", Severity.CRITICAL, "rabbit@a:5671", s -> s.certificates.set(0,
                new dev.rabbittune.doctor.snapshot.CertificateFacts("rabbit@a", "amqp/ssl", 5671, "rabbit-a:5671",
                        "CN=rabbit-a", "2025-01-05T00:00:00Z", null)));
        add("node-quorum-critical", Severity.INFO, "rabbit@a",
                s -> s.queue().members = s.queue().online = List.of("rabbit@a", "rabbit@b"));
        add("listener-missing-on-node", Severity.WARNING, "rabbit@c", s -> s.listeners.removeIf(
                l -> l.node().equals("rabbit@c") && l.protocol().equals("amqp/ssl")));
        add("dead-letters-dropped", Severity.WARNING, "http://rabbit-a:15692/metrics",
                s -> s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, false, 300, 8, null,
                        null, Map.of("rejected", 12L, "expired", 0L)));
        add("khepri-migration-pending", Severity.INFO, "khepri_db", s -> {
            s.version = "4.2.9";
            s.featureFlags.add(new FeatureFlagFacts("khepri_db", "disabled", "stable"));
        });
        add("stream-consumer-lagging", Severity.INFO, "events (10.0.0.7:41000 -> 10.0.0.1:5552 #0)",
                s -> s.streamConsumers.add(new dev.rabbittune.doctor.snapshot.StreamConsumerFacts("/", "events",
                        "10.0.0.7:41000 -> 10.0.0.1:5552", 0, 5_000_000)));
        add("node-clocks-differ", Severity.WARNING, "prod", s -> {
            s.clocks.add(new dev.rabbittune.doctor.snapshot.NodeClockFacts("rabbit@a", "rabbit-a:15672", 100, 510));
            s.clocks.add(new dev.rabbittune.doctor.snapshot.NodeClockFacts("rabbit@b", "rabbit-b:15672", 9_000, 520));
        });
        // broker
        add("guest-user-default-password", Severity.CRITICAL, "guest", s -> s.guestDefaultPassword = true);
        add("no-tls-listener", Severity.WARNING, "prod", s -> s.listeners.removeIf(l -> l.protocol().equals("amqp/ssl")));
        add("prometheus-not-enabled", Severity.INFO, "prod", s -> {
            s.listeners.removeIf(l -> l.protocol().equals("http/prometheus"));
            s.prometheus = null;
        });
        add("prometheus-unreachable", Severity.WARNING, "prod",
                s -> s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", false, false, 0));
        add("prometheus-per-object-metrics", Severity.WARNING, "prod", s -> {
            s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, true, 90_000);
            s.totals = new Overview.ObjectTotals(500, 1000, 100, 5000, 10);
        });
        add("release-series-unsupported", Severity.WARNING, "3.10.8", s -> s.version = "3.10.8");
        add("management-stats-cost", Severity.WARNING, "prod",
                s -> s.totals = new Overview.ObjectTotals(2000, 6000, 100, 10000, 10));
        add("management-rates-mode-detailed", Severity.WARNING, "prod", s -> s.ratesMode = "detailed");
        add("management-stats-backlog", Severity.WARNING, "prod", s -> s.statsDbEventQueue = 50_000);
        add("listen-backlog-low", Severity.WARNING, "rabbit@a:5672", s -> {
            s.listeners.set(0, new ListenerFacts("rabbit@a", "amqp", 5672, Map.of("backlog", "128")));
            manyConnections(s, 1000);
        });
        add("socket-buffers-tiny", Severity.WARNING, "rabbit@a:5672",
                s -> s.listeners.set(0, new ListenerFacts("rabbit@a", "amqp", 5672, Map.of("buffer", "32"))));
        add("config-key-nonexistent", Severity.WARNING, "queue_index_embedded_content_overflow",
                s -> s.config.put("queue_index_embedded_content_overflow", "4096"));
        add("channel-max-excessive", Severity.WARNING, "channel_max", s -> s.config.put("channel_max", "131072"));
        add("vhost-limits-missing", Severity.INFO, "prod", s -> {
            s.vhosts.set(0, new VhostFacts("/", Map.of()));
            manyConnections(s, 100);
        });
        // connections
        add("connection-churn-high", Severity.WARNING, "prod", s -> s.connectionCreated = 12);
        add("channel-churn-high", Severity.WARNING, "prod", s -> s.channelCreated = 400);
        add("channel-leak", Severity.WARNING, "10.0.0.5:40000 -> 10.0.0.1:5671", s -> s.connection().channels = 500);
        add("channels-per-connection-high", Severity.INFO, "prod", s -> {
            manyConnections(s, 10);
            s.connections.forEach(c -> c.channels = 50);
        });
        add("heartbeat-disabled", Severity.WARNING, "10.0.0.5:40000 -> 10.0.0.1:5671", s -> s.connection().heartbeat = 0);
        add("heartbeat-too-short", Severity.WARNING, "10.0.0.5:40000 -> 10.0.0.1:5671", s -> s.connection().heartbeat = 2);
        add("heartbeat-too-long", Severity.INFO, "10.0.0.5:40000 -> 10.0.0.1:5671", s -> s.connection().heartbeat = 3600);
        add("connection-blocked", Severity.CRITICAL, "10.0.0.5:40000 -> 10.0.0.1:5671",
                s -> s.connection().state = "blocked");
        add("connection-flow-control", Severity.INFO, "10.0.0.5:40000 -> 10.0.0.1:5671", s -> {
            s.connection().state = "flow";
            s.earlier = SnapshotBuilder.healthy();
            s.earlier.takenAt = "2024-12-31T23:59:00Z";
            s.earlier.connection().state = "flow";
        });
        // consumers and publishers
        add("consumer-prefetch-unlimited", Severity.WARNING, "orders ctag-1", s -> s.consumer().prefetch = 0);
        add("consumer-prefetch-one", Severity.INFO, "orders ctag-1", s -> s.consumer().prefetch = 1);
        add("consumer-auto-ack-durable-queue", Severity.WARNING, "orders ctag-1", s -> s.consumer().ack = false);
        add("consumers-polling", Severity.WARNING, "prod", s -> s.getEmpty = 30);
        add("messages-unroutable", Severity.WARNING, "prod", s -> s.dropUnroutable = 5);
        add("publishers-without-confirms", Severity.INFO, "prod", s -> {
            s.confirm = 0;
            s.channels.add(new ChannelFacts("pub (2)", "pub", 0, 0, false, false, 0, 0));
        });
        add("channel-transactional", Severity.WARNING, "tx (1)",
                s -> s.channels.add(new ChannelFacts("tx (1)", "tx", 0, 0, false, true, 0, 0)));
        add("redelivery-rate-high", Severity.CRITICAL, "prod", s -> s.redeliver = 500);
        // queues
        add("queue-backlog-no-consumers", Severity.WARNING, "orders", s -> {
            s.queue().consumers = 0;
            s.queue().ready = 5000;
        });
        add("queue-backlog-large", Severity.CRITICAL, "orders", s -> s.queue().ready = 200_000);
        add("queue-backlog-growing", Severity.WARNING, "orders", s -> {
            s.queue().ready = 5000;
            s.queue().readyRate = 300;
        });
        add("consumer-utilisation-low", Severity.WARNING, "orders", s -> {
            s.queue().ready = 5000;
            s.queue().utilisation = 0.2;
        });
        add("unacked-messages-high", Severity.WARNING, "orders", s -> s.queue().unacked = 5000);
        add("queue-no-length-limit", Severity.INFO, "orders", s -> s.queue().policy.remove("max-length"));
        add("queue-length-limit-drops-silently", Severity.WARNING, "orders", s -> {
            s.queue().policy.remove("overflow");
            s.queue().policy.remove("dead-letter-exchange");
        });
        add("queue-messages-large", Severity.WARNING, "orders", s -> {
            s.queue().ready = 10;
            s.queue().bytes = 100L * 1024 * 1024;
        });
        add("stream-no-retention", Severity.WARNING, "orders", s -> {
            s.queue().type = "stream";
            s.queue().policy.clear();
        });
        add("queue-max-priority-high", Severity.WARNING, "orders", s -> {
            s.queue().type = "classic";
            s.queue().arguments.put("x-max-priority", 255);
        });
        // queue types and arguments
        add("classic-mirroring-policy", Severity.WARNING, "ha-all", s -> s.policies.add(new PolicyFacts("/",
                "ha-all", ".*", "queues", 0, Map.of("ha-mode", "all"), false)));
        add("quorum-queue-too-few-members", Severity.WARNING, "orders",
                s -> s.queue().members = s.queue().online = List.of("rabbit@a"));
        add("quorum-queue-members-down", Severity.CRITICAL, "orders",
                s -> s.queue().online = List.of("rabbit@a"));
        add("quorum-queue-no-delivery-limit", Severity.WARNING, "orders", s -> {
            s.version = "3.13.7";
            s.queue().policy.remove("delivery-limit");
        });
        add("dead-letter-exchange-missing", Severity.WARNING, "orders",
                s -> s.queue().policy.put("dead-letter-exchange", "no-such-exchange"));
        add("queue-type-invalid", Severity.WARNING, "orders", s -> s.queue().arguments.put("x-queue-type", "lazy"));
        add("queue-argument-unknown", Severity.WARNING, "orders",
                s -> s.queue().arguments.put("x-rabbitmq-stream-accumulator", true));
        add("queue-argument-ignored", Severity.INFO, "orders", s -> {
            s.queue().type = "classic";
            s.queue().arguments.put("x-max-in-memory-length", 1000);
        });
    }

    /** A watch: the healthy snapshot taken 60 s before this one. */
    private static void watched(SnapshotBuilder s) {
        s.earlier = SnapshotBuilder.healthy();
        s.earlier.takenAt = "2024-12-31T23:59:00Z";
    }

    private static void manyConnections(SnapshotBuilder s, int count) {
        for (int i = s.connections.size(); i < count; i++) {
            s.connections.add(new SnapshotBuilder.Connection("10.0.0.9:" + (50000 + i) + " -> 10.0.0.1:5671"));
        }
    }

    static Stream<Arguments> cases() {
        return CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyRuleHasACaseAndThereAreAtLeastForty() {
        List<String> ids = Doctor.rules().stream().map(Rule::id).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        assertThat(CASES.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void healthyClusterHasNoFindings() {
        assertThat(Doctor.diagnose(SnapshotBuilder.healthy().build())).isEmpty();
    }

    @Test
    void everyRuleToleratesAnEmptySnapshot() {
        Snapshot empty = new Snapshot(1, null, null, null, null);
        assertThat(Doctor.diagnose(empty)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleFiresOnTheSpoiledSnapshotOnly(String id, Case c) {
        Rule rule = Doctor.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        assertThat(rule.evaluate(SnapshotBuilder.healthy().build())).as("silent when healthy").isEmpty();

        SnapshotBuilder spoiled = SnapshotBuilder.healthy();
        c.spoil().accept(spoiled);
        List<Finding> findings = new ArrayList<>(rule.evaluate(spoiled.build()));

        assertThat(findings).as("fires").isNotEmpty();
        Finding finding = findings.get(0);
        assertThat(finding.id()).isEqualTo(id);
        assertThat(finding.severity()).isEqualTo(c.severity());
        assertThat(finding.subject()).isEqualTo(c.subject());
        assertThat(finding.evidence()).isNotEmpty();
        assertThat(finding.why()).isNotBlank();
        assertThat(finding.fix()).isNotBlank();
        assertThat(finding.reference()).startsWith("https://");
        assertThat(WebsitePages.exists(finding.reference())).as("page exists: " + finding.reference()).isTrue();
    }
}
