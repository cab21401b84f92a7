package dev.rabbittune.monitor;

import java.util.List;

/**
 * The last good read of the broker, which {@code /metrics} serves without waiting for the broker.
 *
 * @param readAtMillis    when the read finished (System.currentTimeMillis)
 * @param published       messages published since the broker's stats began (cumulative)
 * @param delivered       messages delivered or fetched (cumulative)
 * @param unroutable      messages returned or dropped as unroutable (cumulative)
 * @param messages        messages in all queues
 * @param unacked         delivered but not yet acknowledged, in all queues
 * @param connections     open connections
 * @param queuesTotal     queues on the broker
 * @param nodes           each cluster member
 * @param queues          the queues {@link QueueSelection} keeps, largest backlog first
 * @param canaryLeaders   {@code vhost/name} of every canary queue to the node leading it
 */
record BrokerFigures(long readAtMillis, long published, long delivered, long unroutable, long messages, long unacked,
        long connections, int queuesTotal, List<NodeFigures> nodes, List<QueueFigures> queues,
        java.util.Map<String, String> canaryLeaders) {

    BrokerFigures {
        nodes = List.copyOf(nodes);
        queues = List.copyOf(queues);
        canaryLeaders = java.util.Map.copyOf(canaryLeaders);
    }
}
