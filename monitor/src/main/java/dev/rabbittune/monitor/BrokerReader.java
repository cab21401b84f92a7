package dev.rabbittune.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.ManagementApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the broker's figures: totals and nodes from the management API, asking only for the columns it uses
 * ({@code columns=} keeps the broker from serialising every field of every queue); the per-queue figures from the
 * management API too, or from each node's Prometheus plugin ({@link PluginQueueReader}) with the queue listing
 * ({@link QueueListing}, refreshed on its own thread); the canary queues' leaders are asked one by one at each
 * read. In {@link MonitorSettings.BrokerSource#AUTO}, a plugin that fails is left alone for
 * {@link #PLUGIN_BACKOFF_MILLIS}.
 */
final class BrokerReader {

    static final String OVERVIEW = "/api/overview?columns=message_stats.publish,message_stats.deliver_get,"
            + "message_stats.return_unroutable,message_stats.drop_unroutable,queue_totals.messages,"
            + "queue_totals.messages_unacknowledged,object_totals.connections,object_totals.queues,listeners";
    /** After the plugin failed, the management API is used this long before the plugin is tried again. */
    static final long PLUGIN_BACKOFF_MILLIS = 300_000;
    static final String NODES = "/api/nodes?columns=name,running,mem_used,mem_limit,mem_alarm,disk_free,"
            + "disk_free_limit,disk_free_alarm,fd_used,fd_total";
    /** {@code leader} for quorum queues (rabbit_quorum_queue.erl STATISTICS_KEYS), {@code node} for the others. */
    static final String QUEUES = "/api/queues?columns=name,vhost,type,"
            + "messages,messages_ready,messages_unacknowledged,consumers,leader,node";

    private final ManagementApi api;
    private final QueueSelection selection;
    private final MonitorSettings.BrokerSource source;
    private final java.util.function.BiFunction<String, Integer, String> hostOfNode;
    private final PluginQueueReader plugin = new PluginQueueReader();
    private final QueueListing listing;
    private volatile boolean lastFromPlugin;
    private String pluginProblem;
    private long pluginFailedAtMillis = Long.MIN_VALUE / 2;

    /**
     * @param hostOfNode a node's name to the host its listeners are reached at (the port is given for the
     *                   message; see {@link Monitor#hostOf})
     */
    BrokerReader(ManagementApi api, QueueSelection selection, MonitorSettings.BrokerSource source,
            java.util.function.BiFunction<String, Integer, String> hostOfNode) {
        this.api = api;
        this.selection = selection;
        this.source = source;
        this.hostOfNode = hostOfNode;
        this.listing = new QueueListing(api);
    }

    /** Stops the listing's thread. */
    void close() {
        listing.close();
    }

    /** Whether the last read's per-queue figures came from the Prometheus plugin. */
    boolean lastFromPlugin() {
        return lastFromPlugin;
    }

    /**
     * One read of everything.
     *
     * @throws dev.rabbittune.core.RabbitTuneException when the API does not answer, refuses or returns garbage
     */
    BrokerFigures read() {
        JsonNode overview = api.get(OVERVIEW).orElseThrow(() -> missing(OVERVIEW));
        JsonNode nodes = api.get(NODES).orElseThrow(() -> missing(NODES));
        List<QueueFigures> all = new ArrayList<>();
        java.util.Map<String, String> canaryLeaders = new java.util.HashMap<>();
        boolean backingOff = source == MonitorSettings.BrokerSource.AUTO
                && System.currentTimeMillis() - pluginFailedAtMillis < PLUGIN_BACKOFF_MILLIS;
        java.util.Map<String, java.net.URI> endpoints = source == MonitorSettings.BrokerSource.MANAGEMENT
                || backingOff ? java.util.Map.of() : pluginEndpoints(overview, nodes);
        java.util.Set<String> running = new java.util.TreeSet<>();
        nodes.forEach(n -> {
            if (n.path("running").asBoolean()) {
                running.add(n.path("name").asText());
            }
        });
        lastFromPlugin = !endpoints.isEmpty() && fromPlugin(endpoints, running, all, canaryLeaders);
        if (!lastFromPlugin) {
            if (source == MonitorSettings.BrokerSource.PLUGIN && endpoints.isEmpty()) {
                throw new dev.rabbittune.core.BrokerRefusedException("no running node has the Prometheus plugin's "
                        + "listener", "enable rabbitmq_prometheus, or read from the management API (broker source management)", null);
            }
            fromManagement(all, canaryLeaders);
        }
        List<NodeFigures> members = new ArrayList<>();
        for (JsonNode n : nodes) {
            members.add(new NodeFigures(n.path("name").asText(), n.path("running").asBoolean(),
                    n.path("mem_used").asLong(-1), n.path("mem_limit").asLong(-1), n.path("mem_alarm").asBoolean(),
                    n.path("disk_free").asLong(-1), n.path("disk_free_limit").asLong(-1),
                    n.path("disk_free_alarm").asBoolean(), n.path("fd_used").asLong(-1),
                    n.path("fd_total").asLong(-1)));
        }
        JsonNode stats = overview.path("message_stats");
        return new BrokerFigures(System.currentTimeMillis(), stats.path("publish").asLong(),
                stats.path("deliver_get").asLong(), stats.path("return_unroutable").asLong()
                + stats.path("drop_unroutable").asLong(), overview.path("queue_totals").path("messages").asLong(),
                overview.path("queue_totals").path("messages_unacknowledged").asLong(),
                overview.path("object_totals").path("connections").asLong(),
                // the broker's own count: the plugin's figures leave out queues not listed yet or on a down node
                overview.path("object_totals").path("queues").asInt(all.size()), members,
                selection.select(all), canaryLeaders);
    }

    private void fromManagement(List<QueueFigures> all, java.util.Map<String, String> canaryLeaders) {
        JsonNode queues = api.get(QUEUES).orElseThrow(() -> missing(QUEUES));
        for (JsonNode q : queues) {
            String leader = q.path("leader").asText(q.path("node").asText(""));
            if (q.path("name").asText().startsWith(Canary.PREFIX) && !leader.isEmpty()) {
                canaryLeaders.put(q.path("vhost").asText() + "/" + q.path("name").asText(), leader);
            }
            all.add(new QueueFigures(q.path("vhost").asText(), q.path("name").asText(), q.path("type")
                    .asText("classic"), q.path("messages").asLong(), q.path("messages_ready").asLong(),
                    q.path("messages_unacknowledged").asLong(), q.path("consumers").asInt()));
        }
    }

    /**
     * The per-queue figures from the plugin; false when {@link MonitorSettings.BrokerSource#AUTO} falls back to
     * the management API for this read (the problem logged once).
     */
    private boolean fromPlugin(java.util.Map<String, java.net.URI> endpoints, java.util.Set<String> running,
            List<QueueFigures> all, java.util.Map<String, String> canaryLeaders) {
        try {
            java.util.Map<PluginQueueReader.Key, PluginQueueReader.Listed> listed = listing.current(running);
            String unreadable = unreadableName(listed);
            if (unreadable != null) {
                // the 3.x plugin writes label values unescaped, so such a name cannot be matched to its figures
                throw new dev.rabbittune.core.BrokerRefusedException("queue or vhost name " + unreadable + " has a "
                        + "quote, backslash or newline, which the plugin's text does not escape", "", null);
            }
            all.addAll(plugin.read(endpoints, listed));
            // the listing may be a minute old: the few canary queues are asked one by one, so a failover shows
            for (PluginQueueReader.Key key : listed.keySet()) {
                if (key.name().startsWith(Canary.PREFIX)) {
                    api.get("/api/queues/" + ManagementApi.segment(key.vhost()) + "/" + ManagementApi.segment(
                            key.name()) + "?columns=leader,node").ifPresent(q -> {
                                String leader = q.path("leader").asText(q.path("node").asText(""));
                                if (!leader.isEmpty()) {
                                    canaryLeaders.put(key.vhost() + "/" + key.name(), leader);
                                }
                            });
                }
            }
            pluginProblem = null;
            return true;
        } catch (RuntimeException e) {
            if (source == MonitorSettings.BrokerSource.PLUGIN || Thread.currentThread().isInterrupted()) {
                throw e; // an interrupt is the monitor closing, not the plugin failing
            }
            pluginFailedAtMillis = System.currentTimeMillis();
            if (!java.util.Objects.equals(pluginProblem, e.getMessage())) {
                pluginProblem = e.getMessage();
                org.slf4j.LoggerFactory.getLogger(BrokerReader.class).warn("{}: per-queue figures from the "
                        + "management API for {} min", dev.rabbittune.core.Secrets.mask(e.getMessage()),
                        PLUGIN_BACKOFF_MILLIS / 60_000);
            }
            all.clear();
            canaryLeaders.clear();
            return false;
        }
    }

    private static String unreadableName(java.util.Map<PluginQueueReader.Key, PluginQueueReader.Listed> listed) {
        for (PluginQueueReader.Key key : listed.keySet()) {
            for (String part : new String[] {key.vhost(), key.name()}) {
                if (part.indexOf('"') >= 0 || part.indexOf('\\') >= 0 || part.indexOf('\n') >= 0) {
                    return "'" + part.replace("\n", "\\n") + "'";
                }
            }
        }
        return null;
    }

    /**
     * Each running node's plugin listener (http/prometheus; https/prometheus with TLS), from the overview's
     * listeners; empty unless every running node has one, so no node's queues are missed.
     */
    private java.util.Map<String, java.net.URI> pluginEndpoints(JsonNode overview, JsonNode nodes) {
        java.util.Map<String, java.net.URI> endpoints = new java.util.LinkedHashMap<>();
        for (JsonNode listener : overview.path("listeners")) {
            String protocol = listener.path("protocol").asText();
            if (protocol.equals("http/prometheus") || protocol.equals("https/prometheus")) {
                String node = listener.path("node").asText();
                int port = listener.path("port").asInt();
                java.net.URI uri;
                try {
                    uri = java.net.URI.create((protocol.startsWith("https") ? "https" : "http") + "://"
                            + hostOfNode.apply(node, port) + ":" + port);
                } catch (IllegalArgumentException e) {
                    uri = java.net.URI.create("http://invalid");
                }
                if (uri.getHost() == null || uri.getHost().equals("invalid")) {
                    // e.g. a host name with '_': no URI host, so no HTTP request can be made to it
                    org.slf4j.LoggerFactory.getLogger(BrokerReader.class).debug("node {}: no usable host in {}",
                            node, uri);
                    return java.util.Map.of();
                }
                endpoints.putIfAbsent(node, uri);
            }
        }
        for (JsonNode node : nodes) {
            if (node.path("running").asBoolean() && !endpoints.containsKey(node.path("name").asText())) {
                return java.util.Map.of();
            }
        }
        return endpoints;
    }

    private static dev.rabbittune.core.BrokerRefusedException missing(String path) {
        return new dev.rabbittune.core.BrokerRefusedException("management API has no " + path, "", null);
    }
}
