package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import java.util.List;

/**
 * Reads only what a leader rebalance needs from the management API: the running nodes and each queue's type,
 * leader and members ({@code columns=}-filtered, see {@link ListReader}).
 */
public final class PlacementProbe {

    private static final String COLUMNS = "name,vhost,type,node,state,members,online,slave_nodes";

    private final ManagementApi api;

    public PlacementProbe(ManagementApi api) {
        this.api = api;
    }

    /** Names of the cluster members that run. */
    public List<String> runningNodes() {
        return BrokerProbe.runningNodeNames(api.nodes());
    }

    /** The node the management API answers from ({@code /api/overview} {@code node}). */
    public String apiNode() {
        return api.overview().path("node").asText(null);
    }

    /** The RabbitMQ version of the node the API answers from ({@code rabbitmq_version}), null when absent. */
    public String version() {
        return api.overview().path("rabbitmq_version").asText(null);
    }

    /** Every queue with its leader and members; message counts and statistics are left at zero. */
    public List<QueueFacts> queues() {
        return new ListReader(api).readAll("/api/queues", COLUMNS).stream().map(BrokerProbe::queue).toList();
    }
}
