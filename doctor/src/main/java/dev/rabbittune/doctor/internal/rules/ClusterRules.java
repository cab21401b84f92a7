package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.FeatureFlagFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Cluster membership and health: nodes down, partitions, sizes, versions, feature flags, leader balance. */
final class ClusterRules {

    static final Advice NODE_DOWN = new Advice("node-down", Scope.CLUSTER,
            "A cluster member is not running: its queue replicas are unavailable and quorum queues with a "
                    + "majority there stop accepting messages.",
            "start the node (rabbitmq-server / systemctl start rabbitmq-server) or remove it: "
                    + "rabbitmqctl forget_cluster_node NODE", Docs.CLUSTERING);
    static final Advice PARTITION = new Advice("network-partition", Scope.CLUSTER,
            "The node reports a network partition: each side accepts writes independently and classic queue "
                    + "state diverges until an operator recovers it.",
            "restart the nodes of the minority side, then set cluster_partition_handling = pause_minority",
            Docs.PARTITIONS);
    static final Advice EVEN_NODES = new Advice("cluster-even-node-count", Scope.CLUSTER,
            "An even number of nodes tolerates no more failures than one node fewer and can split in halves with "
                    + "no majority.", "run an odd number of nodes (3 or 5)", Docs.CLUSTERING);
    static final Advice SINGLE_NODE = new Advice("cluster-single-node", Scope.CLUSTER,
            "A single node has no redundancy: a restart or a lost disk makes every queue unavailable.",
            "for production data that must survive a node loss run 3 nodes with quorum queues",
            Docs.PRODUCTION);
    static final Advice MIXED_VERSIONS = new Advice("cluster-mixed-versions", Scope.CLUSTER,
            "Nodes run different RabbitMQ versions; mixed versions are meant only for the duration of a rolling "
                    + "upgrade.", "finish the rolling upgrade so every node runs the same version",
            Docs.UPGRADE);
    static final Advice PARTITION_HANDLING = new Advice("partition-handling-mode", Scope.CLUSTER,
            "With 3 or more nodes the default 'ignore' leaves a partitioned cluster split until someone "
                    + "intervenes; pause_minority lets the minority side stop by itself. With 2 nodes "
                    + "pause_minority pauses both sides.",
            "cluster_partition_handling = pause_minority", Docs.PARTITIONS);
    static final Advice LEADER_IMBALANCE = new Advice("queue-leaders-imbalanced", Scope.CLUSTER,
            "Queue leaders (where the work happens) are concentrated on a few nodes, which then carry most of the "
                    + "CPU, memory and network load.",
            "rabbitmq-queues rebalance all; for new queues: queue_leader_locator = balanced", Docs.CLUSTERING);
    static final Advice FEATURE_FLAGS = new Advice("feature-flags-disabled", Scope.CLUSTER,
            "Stable feature flags are not enabled; upgrades to the next series refuse to start until they are.",
            "rabbitmqctl enable_feature_flag NAME for each flag in the evidence", Docs.FEATURE_FLAGS);
    /** khepri_db is told apart: enabling it is a metadata store migration, not a formality before an upgrade. */
    static final Advice KHEPRI_NOT_ENABLED = new Advice("khepri-migration-pending", Scope.CLUSTER,
            "The khepri_db feature flag is off: the cluster still keeps its metadata in Mnesia. Enabling it "
                    + "migrates the metadata store to Khepri, and 4.3 (where Mnesia is removed) requires it; on 4.2 "
                    + "'rabbitmqctl enable_feature_flag all' enables it too, so that command starts the migration.",
            "plan the migration with the guide, then rabbitmqctl enable_feature_flag khepri_db (before the upgrade "
                    + "to 4.3); enable the other flags by name", Docs.KHEPRI_ENABLE);

    private ClusterRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(NODE_DOWN.id(), ClusterRules::nodesDown),
                Rule.of(PARTITION.id(), ClusterRules::partitions),
                Rule.of(EVEN_NODES.id(), ClusterRules::evenNodes),
                Rule.of(SINGLE_NODE.id(), ClusterRules::singleNode),
                Rule.of(MIXED_VERSIONS.id(), ClusterRules::mixedVersions),
                Rule.of(PARTITION_HANDLING.id(), ClusterRules::partitionHandling),
                Rule.of(LEADER_IMBALANCE.id(), ClusterRules::leaderImbalance),
                Rule.of(FEATURE_FLAGS.id(), ClusterRules::featureFlags),
                Rule.of(KHEPRI_NOT_ENABLED.id(), ClusterRules::khepriPending));
    }

    static List<Finding> nodesDown(Snapshot s) {
        List<NodeFacts> nodes = s.broker().nodes();
        return nodes.stream().filter(n -> !n.running())
                .map(n -> NODE_DOWN.finding(CRITICAL, n.name(), Evidence.of("running", false,
                        "clusterSize", nodes.size(), "runningNodes", nodes.stream().filter(NodeFacts::running)
                                .count())))
                .toList();
    }

    static List<Finding> partitions(Snapshot s) {
        return s.broker().nodes().stream().filter(n -> !n.partitions().isEmpty())
                .map(n -> PARTITION.finding(CRITICAL, n.name(), Evidence.of("partitionedFrom", n.partitions())))
                .toList();
    }

    static List<Finding> evenNodes(Snapshot s) {
        int size = s.broker().nodes().size();
        return size >= 2 && size % 2 == 0 ? List.of(EVEN_NODES.finding(WARNING, clusterName(s),
                Evidence.of("nodes", size))) : List.of();
    }

    static List<Finding> singleNode(Snapshot s) {
        return s.broker().nodes().size() == 1 ? List.of(SINGLE_NODE.finding(INFO, clusterName(s),
                Evidence.of("nodes", 1))) : List.of();
    }

    static List<Finding> mixedVersions(Snapshot s) {
        // every node's RabbitMQ version, down ones included: a node left behind is what an upgrade leaves
        Map<String, List<String>> byVersion = s.broker().nodes().stream().filter(n -> n.version() != null)
                .collect(Collectors.groupingBy(NodeFacts::version, TreeMap::new,
                        Collectors.mapping(NodeFacts::name, Collectors.toList())));
        return byVersion.size() > 1 ? List.of(MIXED_VERSIONS.finding(WARNING, clusterName(s),
                Evidence.of("nodesByVersion", byVersion))) : List.of();
    }

    static List<Finding> partitionHandling(Snapshot s) {
        int size = s.broker().nodes().size();
        // Khepri (Raft) has one recovery behaviour, close to pause_minority, and ignores the setting; 4.3 accepts
        // the key but nothing reads it (rabbit_node_monitor.erl@v4.2.9:875-878,1065-1066; VersionFact.MNESIA_REMOVED)
        if (size < 2 || BrokerRelease.of(s).khepri()) {
            return List.of();
        }
        String configured = s.broker().configValue("cluster_partition_handling");
        boolean visible = s.broker().config() != null;
        String mode = configured == null ? "ignore" : configured;
        boolean bad = size == 2 ? mode.equals("pause_minority") : mode.equals("ignore");
        if (!bad) {
            return List.of();
        }
        String fix = size == 2 ? "run 3 nodes, then cluster_partition_handling = pause_minority"
                : PARTITION_HANDLING.fix();
        return List.of(PARTITION_HANDLING.finding(visible ? WARNING : INFO, clusterName(s),
                Evidence.of("nodes", size, "mode", mode, "source", visible ? "rabbitmq.conf"
                        : "not visible; assumed the default"), fix));
    }

    static List<Finding> leaderImbalance(Snapshot s) {
        List<String> running = s.broker().nodes().stream().filter(NodeFacts::running).map(NodeFacts::name).toList();
        Map<String, Long> leaders = leadersPerNode(s, running);
        long total = leaders.values().stream().mapToLong(Long::longValue).sum();
        if (running.size() < 2 || total < 10L * running.size()) {
            return List.of();
        }
        long max = leaders.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double fairShare = (double) total / running.size();
        // a node with more than twice its fair share of leaders does most of the cluster's work
        return max > 2 * fairShare ? List.of(LEADER_IMBALANCE.finding(WARNING, clusterName(s),
                Evidence.of("leadersPerNode", leaders, "fairShare", Evidence.round(fairShare)))) : List.of();
    }

    /**
     * Leaders of replicated queues (quorum queues, streams, mirrored classic queues before 4.0) per running node,
     * nodes with none included. An unreplicated classic queue lives where it was declared and cannot be moved by
     * a rebalance, so it is left out.
     */
    static Map<String, Long> leadersPerNode(Snapshot s, List<String> running) {
        Map<String, Long> leaders = new TreeMap<>();
        running.forEach(n -> leaders.put(n, 0L));
        s.broker().queues().stream().filter(q -> q.isQuorum() || q.isStream() || !q.mirrorNodes().isEmpty())
                .map(QueueFacts::node).filter(Objects::nonNull)
                .filter(leaders::containsKey).forEach(n -> leaders.merge(n, 1L, Long::sum));
        return leaders;
    }

    /** Stable flags off, enabled by name: on 4.2+ 'all' includes khepri_db, a migration (the next rule). */
    static List<Finding> featureFlags(Snapshot s) {
        List<String> disabled = disabledStableFlags(s).stream().filter(n -> !n.equals("khepri_db")).toList();
        if (disabled.isEmpty()) {
            return List.of();
        }
        boolean allMigrates = BrokerRelease.of(s).has(VersionFact.ENABLE_ALL_MIGRATES_TO_KHEPRI)
                && disabledStableFlags(s).contains("khepri_db");
        return List.of(FEATURE_FLAGS.finding(WARNING, clusterName(s), Evidence.of("disabled", disabled),
                disabled.stream().map(n -> "rabbitmqctl enable_feature_flag " + n).collect(Collectors.joining(" && "))
                        + (allMigrates ? " (by name: 'all' would also enable khepri_db)" : "")));
    }

    static List<Finding> khepriPending(Snapshot s) {
        return disabledStableFlags(s).contains("khepri_db") ? List.of(KHEPRI_NOT_ENABLED.finding(INFO, "khepri_db",
                Evidence.of("khepri_db", "disabled", "version", s.broker().overview().rabbitmqVersion())))
                : List.of();
    }

    private static List<String> disabledStableFlags(Snapshot s) {
        return s.broker().featureFlags().stream()
                .filter(f -> "disabled".equals(f.state()) && !"experimental".equals(f.stability()))
                .map(FeatureFlagFacts::name).toList();
    }

    static String clusterName(Snapshot s) {
        String name = s.broker().overview().clusterName();
        return name == null ? "cluster" : name;
    }
}
