package dev.rabbittune.doctor;

import dev.rabbittune.doctor.snapshot.BrokerFacts;
import dev.rabbittune.doctor.snapshot.ChannelFacts;
import dev.rabbittune.doctor.snapshot.ConnectionFacts;
import dev.rabbittune.doctor.snapshot.ConsumerFacts;
import dev.rabbittune.doctor.snapshot.DataDirFacts;
import dev.rabbittune.doctor.snapshot.ExchangeFacts;
import dev.rabbittune.doctor.snapshot.FeatureFlagFacts;
import dev.rabbittune.doctor.snapshot.FsyncFacts;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.PolicyFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import dev.rabbittune.doctor.snapshot.UserFacts;
import dev.rabbittune.doctor.snapshot.VhostFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small snapshots for rule tests. {@link #healthy()} is a well-run 3-node cluster on which no rule fires;
 * each test spoils one thing. Mutable on purpose (test fixture only); {@link #build()} gives the immutable record.
 */
public final class SnapshotBuilder {

    static final long GIB = 1024L * 1024 * 1024;

    public String version = "4.1.0";
    public String takenAt = "2025-01-01T00:00:00Z";
    public String erlangVersion = "26.2";
    public String ratesMode = "basic";
    public long statsDbEventQueue;
    public Overview.ObjectTotals totals = new Overview.ObjectTotals(1, 2, 1, 1, 10);
    public double connectionCreated;
    public double channelCreated;
    public double publish = 100;
    public double confirm = 100;
    public double getEmpty;
    public double dropUnroutable;
    public double redeliver;
    public Overview.ChurnTotals churn = new Overview.ChurnTotals(100, 99, 300, 298);
    public List<ListenerFacts> listeners = new ArrayList<>(List.of(
            new ListenerFacts("rabbit@a", "amqp", 5672, Map.of("backlog", "4096", "nodelay", "true")),
            new ListenerFacts("rabbit@a", "amqp/ssl", 5671, Map.of("backlog", "4096")),
            new ListenerFacts("rabbit@a", "http/prometheus", 15692, Map.of()),
            new ListenerFacts("rabbit@b", "amqp", 5672, Map.of("backlog", "4096", "nodelay", "true")),
            new ListenerFacts("rabbit@b", "amqp/ssl", 5671, Map.of("backlog", "4096")),
            new ListenerFacts("rabbit@b", "http/prometheus", 15692, Map.of()),
            new ListenerFacts("rabbit@c", "amqp", 5672, Map.of("backlog", "4096", "nodelay", "true")),
            new ListenerFacts("rabbit@c", "amqp/ssl", 5671, Map.of("backlog", "4096")),
            new ListenerFacts("rabbit@c", "http/prometheus", 15692, Map.of())));
    public PrometheusFacts prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, false, 300);
    public List<Node> nodes = new ArrayList<>(List.of(new Node("rabbit@a"), new Node("rabbit@b"),
            new Node("rabbit@c")));
    public List<Queue> queues = new ArrayList<>(List.of(new Queue("orders")));
    public List<ExchangeFacts> exchanges = new ArrayList<>(List.of(new ExchangeFacts("/", "amq.direct", "direct"),
            new ExchangeFacts("/", "dlx", "fanout")));
    public List<Connection> connections = new ArrayList<>(List.of(new Connection("10.0.0.5:40000 -> 10.0.0.1:5671")));
    public List<ChannelFacts> channels = new ArrayList<>(List.of(
            new ChannelFacts("10.0.0.5:40000 -> 10.0.0.1:5671 (1)", "10.0.0.5:40000 -> 10.0.0.1:5671", 100, 0, true,
                    false, 0, 1)));
    public List<Consumer> consumers = new ArrayList<>(List.of(new Consumer("orders", "ctag-1")));
    public List<PolicyFacts> policies = new ArrayList<>();
    public List<VhostFacts> vhosts = new ArrayList<>(List.of(new VhostFacts("/", Map.of("max-connections", 2000))));
    public List<FeatureFlagFacts> featureFlags = new ArrayList<>(List.of(
            new FeatureFlagFacts("quorum_queue", "enabled", "stable")));
    public Boolean guestDefaultPassword = false;
    public boolean remote = true;
    public Map<String, String> config = new HashMap<>(Map.of("cluster_partition_handling", "pause_minority"));
    public Host host = new Host();
    public List<dev.rabbittune.doctor.snapshot.StreamConsumerFacts> streamConsumers = new ArrayList<>();
    public List<dev.rabbittune.doctor.snapshot.NodeClockFacts> clocks = new ArrayList<>();
    public List<dev.rabbittune.doctor.snapshot.CertificateFacts> certificates = new ArrayList<>(List.of(
            new dev.rabbittune.doctor.snapshot.CertificateFacts("rabbit@a", "amqp/ssl", 5671, "rabbit-a:5671",
                    "CN=rabbit-a", "2025-06-01T00:00:00Z", null)));
    /** With a watch: the snapshot taken before this one, or null. */
    public SnapshotBuilder earlier;

    public static SnapshotBuilder healthy() {
        return new SnapshotBuilder();
    }

    public Snapshot build() {
        Overview overview = new Overview(version, erlangVersion, "prod", ratesMode, statsDbEventQueue, totals,
                new Overview.Rates(connectionCreated, connectionCreated, channelCreated, channelCreated, 0, 0,
                        publish, confirm, getEmpty, dropUnroutable, 0, redeliver), listeners, churn);
        List<String> names = nodes.stream().map(n -> n.name).toList();
        BrokerFacts broker = new BrokerFacts(overview, nodes.stream().map(n -> n.facts(names)).toList(),
                queues.stream().map(Queue::facts).toList(), exchanges,
                connections.stream().map(Connection::facts).toList(), channels,
                consumers.stream().map(Consumer::facts).toList(), policies,
                List.of(new UserFacts("admin", List.of("administrator"))), vhosts, featureFlags,
                guestDefaultPassword, remote, config, prometheus, certificates, streamConsumers, clocks);
        return new Snapshot(Snapshot.FORMAT_VERSION, takenAt, "http://rabbit-a:15672",
                host == null ? null : host.facts(), broker, earlier == null ? null : earlier.build());
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public Queue queue() {
        return queues.get(0);
    }

    public Connection connection() {
        return connections.get(0);
    }

    public Consumer consumer() {
        return consumers.get(0);
    }

    /** A running node with plenty of headroom everywhere. */
    public static final class Node {
        public String name;
        public boolean running = true;
        public String version = "4.1.0";
        public Integer processors = 8;
        public Long memUsed = 1 * GIB;
        public Long memLimit = 6 * GIB;
        public boolean memAlarm;
        public Long diskFree = 100 * GIB;
        public Long diskFreeLimit = 8 * GIB;
        public boolean diskAlarm;
        public Long fdUsed = 100L;
        public Long fdTotal = 65536L;
        public Long socketsUsed = 10L;
        public Long socketsTotal = 58000L;
        public Long procUsed = 1000L;
        public Long procTotal = 1_048_576L;
        public Long runQueue = 0L;
        public List<String> partitions = List.of();
        public Integer netTicktime = 60;
        /** Null: linked to every other node of the default cluster. */
        public List<String> clusterLinks;
        public String erlangVersion;

        Node(String name) {
            this.name = name;
        }

        NodeFacts facts(List<String> cluster) {
            List<String> links = clusterLinks != null ? clusterLinks
                    : cluster.stream().filter(n -> !n.equals(name)).toList();
            return new NodeFacts(name, running, version, processors, memUsed, memLimit, memAlarm, diskFree,
                    diskFreeLimit, diskAlarm, fdUsed, fdTotal, socketsUsed, socketsTotal, procUsed, procTotal,
                    runQueue, partitions, "/var/lib/rabbitmq/mnesia/" + name, "1234", 1000L, netTicktime, links,
                    erlangVersion);
        }
    }

    /** A bounded, consumed quorum queue with a delivery limit and a dead-letter exchange. */
    public static final class Queue {
        public String vhost = "/";
        public String name;
        public String type = "quorum";
        public String node = "rabbit@a";
        public boolean durable = true;
        public boolean exclusive;
        public Map<String, Object> arguments = new HashMap<>(Map.of("x-queue-type", "quorum"));
        public Map<String, Object> policy = new HashMap<>(Map.of("max-length", 100000, "overflow",
                "reject-publish", "delivery-limit", 20, "dead-letter-exchange", "dlx"));
        public long ready;
        public long unacked;
        public long bytes;
        public int consumers = 1;
        public Double utilisation = 1.0;
        public double readyRate;
        public List<String> members = List.of("rabbit@a", "rabbit@b", "rabbit@c");
        public List<String> online = List.of("rabbit@a", "rabbit@b", "rabbit@c");
        public String state = "running";
        public String leader;

        public Queue(String name) {
            this.name = name;
        }

        QueueFacts facts() {
            return new QueueFacts(vhost, name, type, node, durable, false, exclusive, state, arguments,
                    policy.isEmpty() ? null : "limits", policy, ready, unacked, bytes, consumers, utilisation,
                    readyRate, members, online, List.of(), leader);
        }
    }

    /** A TLS client connection with two channels and the default heartbeat. */
    public static final class Connection {
        public String name;
        public String peerHost = "10.0.0.5";
        public int channels = 2;
        public Integer heartbeat = 60;
        public String state = "running";
        public boolean tls = true;

        Connection(String name) {
            this.name = name;
        }

        ConnectionFacts facts() {
            return new ConnectionFacts(name, "rabbit@a", "app", "/", peerHost, channels, heartbeat, state, tls,
                    "AMQP 0-9-1", "RabbitMQ Java client");
        }
    }

    /** A consumer with prefetch 100 and manual acks. */
    public static final class Consumer {
        public String queue;
        public String tag;
        public int prefetch = 100;
        public boolean ack = true;
        public String channel = "10.0.0.5:40000 -> 10.0.0.1:5671 (1)";

        Consumer(String queue, String tag) {
            this.queue = queue;
            this.tag = tag;
        }

        ConsumerFacts facts() {
            return new ConsumerFacts("/", queue, tag, channel, "10.0.0.5:40000 -> 10.0.0.1:5671", prefetch, ack);
        }
    }

    /** An 8-core, 10 GiB host with production kernel settings and a fast local SSD. */
    public static final class Host {
        public int cores = 8;
        public Long mem = 10 * GIB;
        public Long swap = 0L;
        public Long cgroupMem;
        public Double cgroupCpu;
        public Map<String, String> sysctl = new HashMap<>(Map.of("net.core.somaxconn", "4096",
                "net.ipv4.tcp_max_syn_backlog", "4096", "fs.file-max", "2097152", "net.ipv4.tcp_keepalive_time",
                "60", "net.ipv4.tcp_fin_timeout", "30", "vm.swappiness", "1"));
        public Long nofile = 65536L;
        public Map<String, String> busyWait = new HashMap<>(Map.of("sbwt", "none", "sbwtdcpu", "none", "sbwtdio", "none"));
        public String fsType = "ext4";
        public double fsyncMillis = 0.5;
        public boolean fsyncOnDataFs = true;

        HostFacts facts() {
            return new HostFacts("rabbit-a", cores, mem, swap, cgroupMem, cgroupCpu, sysctl, nofile, busyWait,
                    new DataDirFacts("/var/lib/rabbitmq/mnesia/rabbit@a", "/var/lib/rabbitmq", fsType, 100 * GIB,
                            200 * GIB), new FsyncFacts("/tmp", fsyncOnDataFs, 20, fsyncMillis, fsyncMillis * 2));
        }
    }
}
