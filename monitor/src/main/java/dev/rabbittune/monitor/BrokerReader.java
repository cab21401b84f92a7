package dev.rabbittune.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.ManagementApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the broker's figures from the management API, asking only for the columns it uses ({@code columns=}
 * keeps the broker from serialising every field of every queue).
 */
final class BrokerReader {

    static final String OVERVIEW = "/api/overview?columns=message_stats.publish,message_stats.deliver_get,"
            + "message_stats.return_unroutable,message_stats.drop_unroutable,queue_totals.messages,"
            + "queue_totals.messages_unacknowledged,object_totals.connections,object_totals.queues";
    static final String NODES = "/api/nodes?columns=name,running,mem_used,mem_limit,mem_alarm,disk_free,"
            + "disk_free_limit,disk_free_alarm,fd_used,fd_total";
    /** {@code leader} for quorum queues (rabbit_quorum_queue.erl STATISTICS_KEYS), {@code node} for the others. */
    static final String QUEUES = "/api/queues?columns=name,vhost,type,"
            + "messages,messages_ready,messages_unacknowledged,consumers,leader,node";

    private final ManagementApi api;
    private final QueueSelection selection;

    BrokerReader(ManagementApi api, QueueSelection selection) {
        this.api = api;
        this.selection = selection;
    }

    /**
     * One read of everything.
     *
     * @throws dev.rabbittune.core.RabbitTuneException when the API does not answer, refuses or returns garbage
     */
    BrokerFigures read() {
        JsonNode overview = api.get(OVERVIEW).orElseThrow(() -> missing(OVERVIEW));
        JsonNode nodes = api.get(NODES).orElseThrow(() -> missing(NODES));
        JsonNode queues = api.get(QUEUES).orElseThrow(() -> missing(QUEUES));
        List<QueueFigures> all = new ArrayList<>();
        java.util.Map<String, String> canaryLeaders = new java.util.HashMap<>();
        for (JsonNode q : queues) {
            String leader = q.path("leader").asText(q.path("node").asText(""));
            if (q.path("name").asText().startsWith(Canary.PREFIX) && !leader.isEmpty()) {
                canaryLeaders.put(q.path("vhost").asText() + "/" + q.path("name").asText(), leader);
            }
            all.add(new QueueFigures(q.path("vhost").asText(), q.path("name").asText(), q.path("type")
                    .asText("classic"), q.path("messages").asLong(), q.path("messages_ready").asLong(),
                    q.path("messages_unacknowledged").asLong(), q.path("consumers").asInt()));
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
                overview.path("object_totals").path("connections").asLong(), all.size(), members,
                selection.select(all), canaryLeaders);
    }

    private static dev.rabbittune.core.BrokerRefusedException missing(String path) {
        return new dev.rabbittune.core.BrokerRefusedException("management API has no " + path, "", null);
    }
}
