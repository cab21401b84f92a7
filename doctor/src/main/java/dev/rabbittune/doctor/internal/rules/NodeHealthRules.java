package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import dev.rabbittune.doctor.snapshot.VhostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a senior operator checks on the running nodes beyond resources: virtual hosts stopped on a node, the
 * Erlang distribution mesh, settings and runtimes that must agree across nodes, and the atom table.
 */
final class NodeHealthRules {

    static final Advice VHOST_DOWN = new Advice("vhost-down", Scope.CLUSTER,
            "A virtual host is stopped on a running node (its message store or queues failed to start there): "
                    + "its queues on that node are unavailable and clients connecting there are refused.",
            "rabbitmqctl -n NODE restart_vhost --vhost VHOST, after reading the node's log for why it stopped",
            Docs.BASE + "vhosts");
    static final Advice LINKS_INCOMPLETE = new Advice("distribution-links-incomplete", Scope.CLUSTER,
            "A running node has no Erlang distribution link to another running member: the cluster is not fully "
                    + "meshed, so replication and queue operations between those two nodes fail or partition.",
            "check name resolution, the Erlang cookie and the inter-node port (25672 by default) between the "
                    + "nodes; rabbitmq-diagnostics -n NODE cluster_status", Docs.CLUSTERING);
    static final Advice TICKTIME_MISMATCH = new Advice("net-ticktime-mismatch", Scope.CLUSTER,
            "Nodes run with different net_ticktime values: they disagree on when a peer is dead, which causes "
                    + "spurious partitions or slow failure detection.",
            "set the same net_ticktime on every node (rabbitmq.conf: net_ticktime = 60, the default)",
            Docs.BASE + "nettick");
    static final Advice ERLANG_MIXED = new Advice("erlang-versions-mixed", Scope.CLUSTER,
            "Nodes run different Erlang/OTP versions; that is meant only for the duration of a rolling upgrade.",
            "upgrade Erlang on the remaining nodes to the same version (see Erlang version requirements)",
            Docs.BASE + "which-erlang");
    static final Advice ATOMS = new Advice("erlang-atoms-near-limit", Scope.BROKER,
            "The node's atom table is filling up; atoms are never freed, and at the limit the VM stops. Quorum "
                    + "queue names become atoms, so churning quorum queues with unique names uses them up.",
            "restart the node before it reaches the limit; use stable queue names (or classic queues for "
                    + "short-lived ones); RABBITMQ_MAX_NUMBER_OF_ATOMS raises the limit", Docs.RUNTIME);

    static final Advice QUORUM_CRITICAL = new Advice("node-quorum-critical", Scope.CLUSTER,
            "Stopping this node now (a restart, an upgrade, maintenance) would leave some quorum queues without "
                    + "a majority of members online, so they would stop accepting and delivering messages until "
                    + "it is back.",
            "before stopping it: rabbitmq-upgrade -n NODE await_online_quorum_plus_one -t 600 (waits until every "
                    + "quorum queue keeps a majority without it); add members to queues with fewer than 3",
            Docs.UPGRADE);
    static final Advice LISTENER_MISSING = new Advice("listener-missing-on-node", Scope.CLUSTER,
            "A protocol other nodes listen for has no listener on this node: clients balanced across the nodes "
                    + "fail on this one (a plugin not enabled there, a port in use, or a different config file).",
            "compare rabbitmq-plugins list and the listeners.* keys of rabbitmq.conf with the other nodes; "
                    + "rabbitmq-diagnostics -n NODE listeners", Docs.NETWORKING);

    static final Advice CLOCKS = new Advice("node-clocks-differ", Scope.CLUSTER,
            "The nodes' clocks differ by more than the few seconds the measurement can tell apart: timestamps in "
                    + "logs, message properties set by the broker, TTL expiry and certificate checks disagree between "
                    + "nodes (the production checklist asks for NTP on every node).",
            "run NTP (chrony or systemd-timesyncd) on every node and check it is synchronised: timedatectl",
            Docs.PRODUCTION);

    private NodeHealthRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(VHOST_DOWN.id(), NodeHealthRules::vhostsDown),
                Rule.of(LINKS_INCOMPLETE.id(), NodeHealthRules::linksIncomplete),
                Rule.of(TICKTIME_MISMATCH.id(), NodeHealthRules::ticktimeMismatch),
                Rule.of(ERLANG_MIXED.id(), NodeHealthRules::erlangMixed),
                Rule.of(ATOMS.id(), NodeHealthRules::atoms),
                Rule.of(QUORUM_CRITICAL.id(), NodeHealthRules::quorumCritical),
                Rule.of(LISTENER_MISSING.id(), NodeHealthRules::listenerMissing),
                Rule.of(CLOCKS.id(), NodeHealthRules::clocksDiffer));
    }

    /** {@code cluster_state} per vhost: {@code stopped} on a running node ({@code nodedown} is node-down's). */
    static List<Finding> vhostsDown(Snapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (VhostFacts v : s.broker().vhosts()) {
            List<String> stopped = v.clusterState().entrySet().stream().filter(e -> "stopped".equals(e.getValue()))
                    .map(Map.Entry::getKey).sorted().toList();
            if (!stopped.isEmpty()) {
                findings.add(VHOST_DOWN.finding(CRITICAL, v.name(), Evidence.of("stoppedOn", stopped,
                        "clusterState", new TreeMap<>(v.clusterState())),
                        stopped.stream().map(n -> "rabbitmqctl -n " + n + " restart_vhost --vhost "
                                + PolicyCommands.shell(v.name())).collect(Collectors.joining(" && "))
                                + " (after reading that node's log for why it stopped)"));
            }
        }
        return findings;
    }

    /** Judged only where the node reports links at all ({@code cluster_links} is empty with TLS distribution). */
    static List<Finding> linksIncomplete(Snapshot s) {
        List<String> running = s.broker().nodes().stream().filter(NodeFacts::running).map(NodeFacts::name).toList();
        List<Finding> findings = new ArrayList<>();
        for (NodeFacts n : s.broker().nodes()) {
            if (!n.running() || n.clusterLinks().isEmpty()) {
                continue;
            }
            List<String> missing = running.stream().filter(r -> !r.equals(n.name()) && !n.clusterLinks().contains(r))
                    .toList();
            if (!missing.isEmpty()) {
                findings.add(LINKS_INCOMPLETE.finding(WARNING, n.name(), Evidence.of("noLinkTo", missing,
                        "linkedTo", n.clusterLinks())));
            }
        }
        return findings;
    }

    static List<Finding> ticktimeMismatch(Snapshot s) {
        return differsAcrossNodes(s, TICKTIME_MISMATCH, NodeFacts::netTicktimeSeconds, "nodesByNetTicktime");
    }

    /** Per-node Erlang versions are reported from 4.2.4 on; before, the API shows only the answering node's. */
    static List<Finding> erlangMixed(Snapshot s) {
        return differsAcrossNodes(s, ERLANG_MIXED, NodeFacts::erlangVersion, "nodesByErlangVersion");
    }

    /** One finding for the cluster when running nodes report more than one value of {@code value}. */
    static <T extends Comparable<T>> List<Finding> differsAcrossNodes(Snapshot s, Advice advice,
            java.util.function.Function<NodeFacts, T> value, String evidenceKey) {
        Map<T, List<String>> byValue = s.broker().nodes().stream().filter(n -> n.running() && value.apply(n) != null)
                .collect(Collectors.groupingBy(value, TreeMap::new,
                        Collectors.mapping(NodeFacts::name, Collectors.toList())));
        return byValue.size() > 1 ? List.of(advice.finding(WARNING, ClusterRules.clusterName(s),
                Evidence.of(evidenceKey, byValue))) : List.of();
    }

    /** From the scraped node's {@code erlang_vm_atom_count} / {@code erlang_vm_atom_limit}. */
    static List<Finding> atoms(Snapshot s) {
        PrometheusFacts p = s.broker().prometheus();
        if (p == null || p.atomCount() == null || p.atomLimit() == null || p.atomLimit() == 0) {
            return List.of();
        }
        double ratio = (double) p.atomCount() / p.atomLimit();
        // heuristic: the runtime guide gives no threshold; 80 % leaves room to plan a restart
        if (ratio < 0.8) {
            return List.of();
        }
        return List.of(ATOMS.finding(ratio >= 0.95 ? CRITICAL : WARNING, p.endpoint(), Evidence.of("atoms",
                p.atomCount(), "atomLimit", p.atomLimit(), "ratio", Evidence.round(ratio))));
    }

    /**
     * A running node whose stop leaves a quorum queue below a majority: it is one of the queue's online members
     * and the queue has no online member to spare (what {@code rabbitmq-queues check_if_node_is_quorum_critical}
     * checks). Not judged on a single node, where stopping it stops everything anyway.
     */
    static List<Finding> quorumCritical(Snapshot s) {
        List<String> running = s.broker().nodes().stream().filter(NodeFacts::running).map(NodeFacts::name).toList();
        if (running.size() < 2) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (String node : running) {
            List<String> critical = s.broker().queues().stream().filter(q -> q.isQuorum() && !q.members().isEmpty())
                    .filter(q -> {
                        List<String> online = (q.online().isEmpty() ? q.members() : q.online()).stream()
                                .filter(running::contains).toList();
                        return online.contains(node) && online.size() - 1 < q.members().size() / 2 + 1;
                    })
                    .map(dev.rabbittune.doctor.snapshot.QueueFacts::subject).sorted().toList();
            if (!critical.isEmpty()) {
                findings.add(QUORUM_CRITICAL.finding(dev.rabbittune.doctor.Severity.INFO, node, Evidence.of(
                        "quorumQueues", critical.size(), "examples", critical.stream().limit(10).toList()),
                        quorumCriticalFix(node, running.size(), s.broker().nodes().size())));
            }
        }
        return findings;
    }

    private static String quorumCriticalFix(String node, int running, int members) {
        if (members <= 2) {
            return "with 2 nodes these queues are unavailable while either node is down (and "
                    + "await_online_quorum_plus_one never returns): add a third node and grow the queues to 3 "
                    + "members (rabbitmq-queues grow NODE all)";
        }
        String wait = "before stopping " + node + ": rabbitmq-upgrade -n " + node + " await_online_quorum_plus_one "
                + "-t 600 (waits until every quorum queue keeps a majority without it); add members to queues with "
                + "fewer than 3";
        return running < members ? "bring the stopped node(s) back first; then, " + wait : wait;
    }

    /** Protocols (amqp, amqp/ssl, http, stream …) some running node listens for and another does not. */
    static List<Finding> listenerMissing(Snapshot s) {
        Map<String, java.util.Set<String>> byNode = new TreeMap<>();
        s.broker().nodes().stream().filter(NodeFacts::running).forEach(n -> byNode.put(n.name(), new java.util.TreeSet<>()));
        s.broker().overview().listeners().forEach(l -> {
            if (byNode.containsKey(l.node())) {
                byNode.get(l.node()).add(l.protocol());
            }
        });
        if (byNode.size() < 2 || byNode.values().stream().allMatch(java.util.Set::isEmpty)) {
            return List.of();
        }
        java.util.Set<String> all = new java.util.TreeSet<>();
        byNode.values().forEach(all::addAll);
        List<Finding> findings = new ArrayList<>();
        byNode.forEach((node, protocols) -> {
            List<String> missing = all.stream().filter(p -> !protocols.contains(p)).toList();
            if (!missing.isEmpty() && !protocols.isEmpty()) {
                findings.add(LISTENER_MISSING.finding(WARNING, node, Evidence.of("missing", missing,
                        "listening", List.copyOf(protocols))));
            }
        });
        return findings;
    }

    /**
     * Two nodes whose offsets (each against this machine) differ by more than both uncertainties plus 2 s: the
     * Date header's one-second resolution and the round trip are taken out, so only a real difference remains.
     */
    static List<Finding> clocksDiffer(Snapshot s) {
        List<dev.rabbittune.doctor.snapshot.NodeClockFacts> clocks = s.broker().clocks();
        if (clocks.size() < 2) {
            return List.of();
        }
        var earliest = clocks.stream().min(java.util.Comparator.comparingLong(c -> c.offsetMillis())).orElseThrow();
        var latest = clocks.stream().max(java.util.Comparator.comparingLong(c -> c.offsetMillis())).orElseThrow();
        long spread = latest.offsetMillis() - earliest.offsetMillis();
        long tolerance = earliest.uncertaintyMillis() + latest.uncertaintyMillis() + 2_000;
        if (spread <= tolerance) {
            return List.of();
        }
        Map<String, Long> offsets = new TreeMap<>();
        clocks.forEach(c -> offsets.put(c.node() == null ? c.address() : c.node(), c.offsetMillis()));
        return List.of(CLOCKS.finding(WARNING, ClusterRules.clusterName(s), Evidence.of("offsetMillisByNode", offsets,
                "spreadMillis", spread, "toleranceMillis", tolerance, "measuredBy",
                "Date header of each node's HTTP listener (refreshed once a second by the node)")));
    }
}
