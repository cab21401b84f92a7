package dev.rabbittune.doctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The management API replies a diagnosis reads, as they came: read from a live broker by {@link #fetch}, or from a
 * directory of recorded replies (one {@code NAME.json} per endpoint, e.g. recorded fixtures of other versions) by
 * {@link #readDirectory}. {@link BrokerProbe#facts} turns them into facts, so both go through the same parsing.
 */
public record ApiReplies(JsonNode overview, JsonNode nodes, List<JsonNode> queues, List<JsonNode> exchanges,
        List<JsonNode> connections, List<JsonNode> channels, List<JsonNode> consumers, List<JsonNode> policies,
        List<JsonNode> operatorPolicies, List<JsonNode> users, List<JsonNode> vhosts, List<JsonNode> vhostLimits,
        List<JsonNode> featureFlags, List<JsonNode> streamConsumers) {

    static final String QUEUE_COLUMNS = "name,vhost,type,node,durable,auto_delete,exclusive,state,"
            + "arguments,policy,effective_policy_definition,messages_ready,messages_unacknowledged,message_bytes,"
            + "consumers,consumer_utilisation,consumer_capacity,messages_ready_details.rate,members,online,"
            + "slave_nodes,leader";
    static final String CONNECTION_COLUMNS = "name,node,user,vhost,peer_host,channels,timeout,state,ssl,"
            + "protocol,client_properties.product";
    static final String CHANNEL_COLUMNS = "name,connection_details.name,prefetch_count,"
            + "global_prefetch_count,confirm,transactional,messages_unacknowledged,consumer_count";
    static final String CONSUMER_COLUMNS = "queue.name,queue.vhost,consumer_tag,channel_details.name,"
            + "channel_details.connection_name,prefetch_count,ack_required";

    static final String STREAM_COLUMNS = "queue.name,queue.vhost,subscription_id,offset_lag,connection_details.name";

    /** Reads every endpoint the doctor uses (list endpoints filtered by {@code columns=}, users without hashes). */
    static ApiReplies fetch(dev.rabbittune.core.ManagementApi api) {
        ListReader pages = new ListReader(api);
        return new ApiReplies(api.overview(), api.nodes(),
                pages.readAll("/api/queues", QUEUE_COLUMNS), pages.readAll("/api/exchanges", "name,vhost,type"),
                pages.readAll("/api/connections", CONNECTION_COLUMNS), pages.readAll("/api/channels", CHANNEL_COLUMNS),
                pages.readAll("/api/consumers", CONSUMER_COLUMNS), pages.readAll("/api/policies", null),
                pages.readAll("/api/operator-policies", null), pages.readAll("/api/users", "name,tags"),
                pages.readAll("/api/vhosts", "name,cluster_state"), pages.readAll("/api/vhost-limits", null),
                pages.readAll("/api/feature-flags", null), optional(pages, "/api/stream/consumers", STREAM_COLUMNS));
    }

    /** An endpoint of an optional plugin: 404 without it, 400 when management statistics are disabled. */
    private static List<JsonNode> optional(ListReader pages, String path, String columns) {
        try {
            return pages.readAll(path, columns);
        } catch (dev.rabbittune.core.BrokerRefusedException e) {
            return List.of();
        }
    }

    /**
     * Recorded replies: {@code overview.json}, {@code nodes.json}, {@code queues.json}, {@code exchanges.json},
     * {@code connections.json}, {@code channels.json}, {@code consumers.json}, {@code policies.json},
     * {@code operator-policies.json}, {@code users.json}, {@code vhosts.json}, {@code vhost-limits.json},
     * {@code feature-flags.json}, {@code stream-consumers.json}; a missing file reads as an empty list (an endpoint that answered 404).
     */
    public static ApiReplies readDirectory(Path dir) {
        return new ApiReplies(read(dir, "overview"), read(dir, "nodes"), list(dir, "queues"), list(dir, "exchanges"),
                list(dir, "connections"), list(dir, "channels"), list(dir, "consumers"), list(dir, "policies"),
                list(dir, "operator-policies"), list(dir, "users"), list(dir, "vhosts"), list(dir, "vhost-limits"),
                list(dir, "feature-flags"), list(dir, "stream-consumers"));
    }

    private static JsonNode read(Path dir, String name) {
        Path file = dir.resolve(name + ".json");
        try {
            return Files.exists(file) ? Json.mapper().readTree(file.toFile()) : JsonNodeFactory.instance.arrayNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<JsonNode> list(Path dir, String name) {
        List<JsonNode> items = new ArrayList<>();
        read(dir, name).forEach(items::add);
        return items;
    }
}
