package dev.rabbittune.monitor;

import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.BrokerUnreachableException;
import dev.rabbittune.core.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-queue figures from each node's {@code rabbitmq_prometheus} plugin: {@code /metrics/detailed} with only the two
 * families the per-queue series need ({@code queue_coarse_metrics}: messages, ready, unacked;
 * {@code queue_consumer_count}: consumers), so a node writes four numbers a queue and no other family
 * (prometheus_rabbitmq_core_metrics_collector.erl, collect_mf('detailed', ...) and METRICS_RAW, at v3.10.8). A node
 * reports the queues whose process (a quorum queue's leader) runs there: a new leader deletes the queue's figures
 * on the other members (rabbit_quorum_queue.erl, become_leader/2 and rpc_delete_metrics/1, at v3.10.8), so two
 * nodes report one queue only in the moment of a change; then the leader's figures are taken when the leader is
 * known, else the larger backlog.
 */
final class PluginQueueReader {

    static final String PATH = "/metrics/detailed?family=queue_coarse_metrics&family=queue_consumer_count";

    private static final String PREFIX = "rabbitmq_detailed_queue_";
    private static final Set<String> WANTED = Set.of(PREFIX + "messages", PREFIX + "messages_ready",
            PREFIX + "messages_unacked", PREFIX + "consumers");

    /** A plugin that has not answered within these is failing: the read must not wait a scrape interval for it. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** A queue's identity. */
    record Key(String vhost, String name) {
    }

    /** A queue as the broker lists it: its type and the node leading it. */
    record Listed(String type, String node) {
    }

    /**
     * @param endpoints node name to its plugin's base URL ({@code http://host:15692})
     * @param listed    each queue the listing has; queues not listed (yet) are left out
     * @throws BrokerUnreachableException when a node's plugin does not answer
     * @throws BrokerRefusedException     when it answers with an error
     */
    List<QueueFigures> read(Map<String, URI> endpoints, Map<Key, Listed> listed) {
        // every node at once: a read takes as long as the slowest node, not their sum
        Map<String, java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new HashMap<>();
        endpoints.forEach((node, base) -> answers.put(node, http.sendAsync(HttpRequest.newBuilder(URI.create(base
                + PATH)).timeout(ANSWER_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString())));
        Map<String, Map<Key, long[]>> byNode = new HashMap<>();
        for (Map.Entry<String, URI> endpoint : endpoints.entrySet()) {
            Map<Key, long[]> figures = new HashMap<>();
            String text = body(endpoint.getValue(), answers.get(endpoint.getKey()));
            for (PrometheusText.Sample sample : PrometheusText.parse(text, WANTED::contains)) {
                long[] f = figures.computeIfAbsent(new Key(sample.label("vhost"), sample.label("queue")),
                        k -> new long[4]);
                f[index(sample.name())] = (long) sample.value();
            }
            byNode.put(endpoint.getKey(), figures);
        }
        List<QueueFigures> queues = new ArrayList<>();
        for (Map.Entry<Key, Listed> queue : listed.entrySet()) {
            long[] f = figuresOf(queue.getKey(), queue.getValue().node(), byNode);
            if (f != null) {
                queues.add(new QueueFigures(queue.getKey().vhost(), queue.getKey().name(), queue.getValue().type(),
                        f[0], f[1], f[2], (int) f[3]));
            }
        }
        return queues;
    }

    /** From the leading node when it reported the queue; else from whichever node did (the larger backlog). */
    static long[] figuresOf(Key key, String leader, Map<String, Map<Key, long[]>> byNode) {
        Map<Key, long[]> onLeader = byNode.get(leader);
        if (onLeader != null && onLeader.containsKey(key)) {
            return onLeader.get(key);
        }
        long[] best = null;
        for (Map<Key, long[]> node : byNode.values()) {
            long[] f = node.get(key);
            if (f != null && (best == null || f[0] > best[0])) {
                best = f;
            }
        }
        return best;
    }

    private static int index(String name) {
        return switch (name.substring(PREFIX.length())) {
            case "messages" -> 0;
            case "messages_ready" -> 1;
            case "messages_unacked" -> 2;
            default -> 3;
        };
    }

    private static String body(URI base, java.util.concurrent.CompletableFuture<HttpResponse<String>> answer) {
        HttpResponse<String> response;
        try {
            response = answer.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BrokerUnreachableException("cannot reach the Prometheus plugin at " + base + ": "
                    + e.getCause().getClass().getSimpleName(), "", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted reading " + base, "", e);
        }
        if (response.statusCode() != 200) {
            throw new BrokerRefusedException("the Prometheus plugin at " + base + " answered "
                    + response.statusCode() + " to " + PATH, "", null);
        }
        return response.body();
    }
}
