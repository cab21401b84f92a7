package dev.rabbittune.doctor.internal.probe;

import static dev.rabbittune.doctor.internal.probe.JsonFields.doubleOrNull;
import static dev.rabbittune.doctor.internal.probe.JsonFields.intOrNull;
import static dev.rabbittune.doctor.internal.probe.JsonFields.longOrNull;
import static dev.rabbittune.doctor.internal.probe.JsonFields.rate;
import static dev.rabbittune.doctor.internal.probe.JsonFields.strings;
import static dev.rabbittune.doctor.internal.probe.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.BrokerUnreachableException;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.doctor.snapshot.BrokerFacts;
import dev.rabbittune.doctor.snapshot.StreamConsumerFacts;
import dev.rabbittune.doctor.snapshot.ChannelFacts;
import dev.rabbittune.doctor.snapshot.ConnectionFacts;
import dev.rabbittune.doctor.snapshot.ConsumerFacts;
import dev.rabbittune.doctor.snapshot.ExchangeFacts;
import dev.rabbittune.doctor.snapshot.FeatureFlagFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.PolicyFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.UserFacts;
import dev.rabbittune.doctor.snapshot.VhostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the broker through the management API into {@link BrokerFacts}: list endpoints read whole and filtered by
 * {@code columns=} (see {@link ListReader}); users without password hashes.
 */
public final class BrokerProbe {

    private final ManagementApi api;

    public BrokerProbe(ManagementApi api) {
        this.api = api;
    }

    /**
     * @param guestDefaultPassword whether guest:guest authenticates (null when not probed)
     * @param remote               whether the API was reached through a non-loopback address
     * @param readConfig           read the nodes' rabbitmq.conf from this machine's disk (a local broker)
     */
    public BrokerFacts probe(Boolean guestDefaultPassword, boolean remote, boolean readConfig) {
        ApiReplies replies = ApiReplies.fetch(api);
        Map<String, String> config = readConfig ? config(replies.nodes()) : null;
        Overview overview = overview(replies.overview());
        BrokerFacts facts = facts(replies, guestDefaultPassword, remote, config,
                PrometheusProbe.scrape(api.baseUrl(), overview.listeners()));
        String apiNode = replies.overview().path("node").asText(null);
        return facts.withDirectProbes(TlsProbe.certificates(api.baseUrl(), apiNode, overview.listeners()),
                ClockProbe.clocks(api.baseUrl(), apiNode, overview.listeners()));
    }

    /** The facts in a set of replies (live or recorded); the config and the Prometheus scrape come from outside. */
    public static BrokerFacts facts(ApiReplies r, Boolean guestDefaultPassword, boolean remote,
            Map<String, String> config, PrometheusFacts prometheus) {
        List<NodeFacts> nodes = new ArrayList<>();
        r.nodes().forEach(n -> nodes.add(node(n)));
        List<PolicyFacts> policies = new ArrayList<>();
        r.policies().forEach(p -> policies.add(policy(p, false)));
        r.operatorPolicies().forEach(p -> policies.add(policy(p, true)));
        return new BrokerFacts(overview(r.overview()), nodes, r.queues().stream().map(BrokerProbe::queue).toList(),
                r.exchanges().stream().map(e -> new ExchangeFacts(text(e, "vhost"), text(e, "name"), text(e, "type")))
                        .toList(),
                r.connections().stream().map(BrokerProbe::connection).toList(),
                r.channels().stream().map(BrokerProbe::channel).toList(),
                r.consumers().stream().map(BrokerProbe::consumer).toList(), policies,
                r.users().stream().map(u -> new UserFacts(text(u, "name"), tags(u.path("tags")))).toList(),
                vhosts(r), r.featureFlags().stream().map(f -> new FeatureFlagFacts(text(f, "name"), text(f, "state"),
                        text(f, "stability"))).toList(),
                guestDefaultPassword, remote, config, prometheus, List.of(), streamConsumers(r), List.of());
    }

    private static List<StreamConsumerFacts> streamConsumers(ApiReplies r) {
        return r.streamConsumers().stream().map(c -> new StreamConsumerFacts(text(c.path("queue"), "vhost"),
                text(c.path("queue"), "name"), text(c.path("connection_details"), "name"),
                c.path("subscription_id").asInt(0), c.path("offset_lag").asLong(0))).toList();
    }

    /** The facts of a recorded Prometheus scrape ({@code /metrics} text) of the node at {@code endpoint}. */
    public static PrometheusFacts prometheus(String endpoint, String metricsText) {
        return PrometheusProbe.parse(endpoint, metricsText);
    }

    /** True when guest:guest authenticates on {@code baseUrl}, false on 401. */
    public static boolean guestDefaultPasswordWorks(String baseUrl) {
        try {
            return new ManagementApi(baseUrl, "guest", "guest").get("/api/whoami").isPresent();
        } catch (BrokerUnreachableException e) {
            return false;
        }
    }

    /**
     * The first running node's rabbitmq.conf keys; empty when the node runs without one (defaults apply), null
     * when a listed file is not readable here.
     */
    static Map<String, String> config(JsonNode nodes) {
        for (JsonNode node : nodes) {
            if (node.path("running").asBoolean(false)) {
                List<String> files = strings(node, "config_files").stream().filter(f -> f.endsWith(".conf")).toList();
                return files.isEmpty() ? Map.of() : ConfigFileReader.read(java.nio.file.Path.of(files.get(0)));
            }
        }
        return null;
    }

    static Overview overview(JsonNode o) {
        JsonNode totals = o.path("object_totals");
        JsonNode churn = o.path("churn_rates");
        JsonNode stats = o.path("message_stats");
        List<ListenerFacts> listeners = new ArrayList<>();
        o.path("listeners").forEach(l -> listeners.add(new ListenerFacts(
                text(l, "node"), text(l, "protocol"), l.path("port").asInt(), socketOpts(l.path("socket_opts")))));
        return new Overview(text(o, "rabbitmq_version"), text(o, "erlang_version"), text(o, "cluster_name"),
                text(o, "rates_mode"), o.path("statistics_db_event_queue").asLong(0),
                new Overview.ObjectTotals(totals.path("connections").asLong(), totals.path("channels").asLong(),
                        totals.path("consumers").asLong(), totals.path("queues").asLong(),
                        totals.path("exchanges").asLong()),
                new Overview.Rates(rate(churn, "connection_created"), rate(churn, "connection_closed"),
                        rate(churn, "channel_created"), rate(churn, "channel_closed"), rate(churn, "queue_created"),
                        rate(churn, "queue_deleted"), rate(stats, "publish"), rate(stats, "confirm"),
                        rate(stats, "get_empty"), rate(stats, "drop_unroutable"), rate(stats, "return_unroutable"),
                        rate(stats, "redeliver")),
                listeners, churn.has("connection_created") ? new Overview.ChurnTotals(
                        churn.path("connection_created").asLong(), churn.path("connection_closed").asLong(),
                        churn.path("channel_created").asLong(), churn.path("channel_closed").asLong()) : null);
    }

    /** Socket options as text; the API gives an object (or an empty list when there are none). */
    private static Map<String, String> socketOpts(JsonNode opts) {
        return JsonFields.map(opts).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    /** Names of the running members in an {@code /api/nodes} reply. */
    static List<String> runningNodeNames(JsonNode nodes) {
        List<String> running = new ArrayList<>();
        nodes.forEach(n -> {
            if (n.path("running").asBoolean(false)) {
                running.add(text(n, "name"));
            }
        });
        return running;
    }

    static NodeFacts node(JsonNode n) {
        String version = null;
        for (JsonNode app : n.path("applications")) {
            if ("rabbit".equals(text(app, "name"))) {
                version = text(app, "version");
            }
        }
        return new NodeFacts(text(n, "name"), n.path("running").asBoolean(false), version,
                intOrNull(n, "processors"), longOrNull(n, "mem_used"), longOrNull(n, "mem_limit"),
                n.path("mem_alarm").asBoolean(false), longOrNull(n, "disk_free"), longOrNull(n, "disk_free_limit"),
                n.path("disk_free_alarm").asBoolean(false), longOrNull(n, "fd_used"), longOrNull(n, "fd_total"),
                longOrNull(n, "sockets_used"), longOrNull(n, "sockets_total"), longOrNull(n, "proc_used"),
                longOrNull(n, "proc_total"), longOrNull(n, "run_queue"), strings(n, "partitions"),
                text(n, "db_dir"), text(n, "os_pid"), longOrNull(n, "uptime"), intOrNull(n, "net_ticktime"),
                clusterLinks(n.path("cluster_links")), text(n, "erlang_version"));
    }

    private static List<String> clusterLinks(JsonNode links) {
        List<String> peers = new ArrayList<>();
        links.forEach(l -> {
            String name = text(l, "name");
            if (name != null) {
                peers.add(name);
            }
        });
        return peers;
    }

    static QueueFacts queue(JsonNode q) {
        // consumer_utilisation was renamed consumer_capacity (3.12+); both are the same 0..1 fraction
        Double utilisation = doubleOrNull(q, "consumer_capacity");
        if (utilisation == null) {
            utilisation = doubleOrNull(q, "consumer_utilisation");
        }
        return new QueueFacts(text(q, "vhost"), text(q, "name"), text(q, "type"), text(q, "node"),
                q.path("durable").asBoolean(false), q.path("auto_delete").asBoolean(false),
                q.path("exclusive").asBoolean(false), text(q, "state"), JsonFields.map(q.path("arguments")),
                text(q, "policy"), JsonFields.map(q.path("effective_policy_definition")),
                q.path("messages_ready").asLong(0), q.path("messages_unacknowledged").asLong(0),
                q.path("message_bytes").asLong(0), q.path("consumers").asInt(0), utilisation,
                rate(q, "messages_ready"), strings(q, "members"), strings(q, "online"), strings(q, "slave_nodes"),
                text(q, "leader"));
    }

    static ConnectionFacts connection(JsonNode c) {
        return new ConnectionFacts(text(c, "name"), text(c, "node"), text(c, "user"), text(c, "vhost"),
                text(c, "peer_host"), c.path("channels").asInt(0), intOrNull(c, "timeout"), text(c, "state"),
                c.path("ssl").asBoolean(false), text(c, "protocol"), text(c.path("client_properties"), "product"));
    }

    static ChannelFacts channel(JsonNode c) {
        return new ChannelFacts(text(c, "name"), text(c.path("connection_details"), "name"),
                c.path("prefetch_count").asInt(0), c.path("global_prefetch_count").asInt(0),
                c.path("confirm").asBoolean(false), c.path("transactional").asBoolean(false),
                c.path("messages_unacknowledged").asLong(0), c.path("consumer_count").asInt(0));
    }

    static ConsumerFacts consumer(JsonNode c) {
        JsonNode queue = c.path("queue");
        JsonNode channel = c.path("channel_details");
        return new ConsumerFacts(text(queue, "vhost"), text(queue, "name"), text(c, "consumer_tag"),
                text(channel, "name"), text(channel, "connection_name"), c.path("prefetch_count").asInt(0),
                c.path("ack_required").asBoolean(true));
    }


    static PolicyFacts policy(JsonNode p, boolean operator) {
        return new PolicyFacts(text(p, "vhost"), text(p, "name"), text(p, "pattern"), text(p, "apply-to"),
                p.path("priority").asInt(0), JsonFields.map(p.path("definition")), operator);
    }


    private static List<String> tags(JsonNode tags) {
        if (tags.isTextual()) {
            return tags.asText().isEmpty() ? List.of() : List.of(tags.asText().split(","));
        }
        List<String> list = new ArrayList<>();
        tags.forEach(t -> list.add(t.asText()));
        return list;
    }



    private static List<VhostFacts> vhosts(ApiReplies r) {
        Map<String, Map<String, Object>> limits = r.vhostLimits().stream()
                .collect(Collectors.toMap(l -> text(l, "vhost"), l -> JsonFields.map(l.path("value")), (a, b) -> a));
        return r.vhosts().stream().map(v -> new VhostFacts(text(v, "name"), limits.get(text(v, "name")),
                JsonFields.map(v.path("cluster_state")).entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> String.valueOf(e.getValue()))))).toList();
    }
}
