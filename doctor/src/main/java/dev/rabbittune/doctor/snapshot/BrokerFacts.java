package dev.rabbittune.doctor.snapshot;

import java.util.List;
import java.util.Map;

/**
 * What the management API (and, where visible, the config file) says about the broker and its cluster.
 *
 * @param overview             versions, totals, rates, listeners
 * @param nodes                one entry per cluster member, running or not
 * @param queues               every queue (identity, arguments, policy, counts)
 * @param exchanges            every exchange (identity only)
 * @param connections          every client connection
 * @param channels             every channel
 * @param consumers            every consumer
 * @param policies             user and operator policies
 * @param users                users (names and tags only: no password hashes)
 * @param vhosts               virtual hosts and their limits
 * @param featureFlags         feature flags and their state
 * @param guestDefaultPassword true when {@code guest:guest} authenticates, null when not probed
 * @param remote               true when the doctor reached the broker through a non-loopback address
 * @param config               keys of rabbitmq.conf when readable (secret values removed), null otherwise
 * @param prometheus           what the node's Prometheus endpoint showed, null when it has none
 * @param certificates         the certificates the TLS listeners presented (empty when none was read)
 * @param streamConsumers      stream-protocol consumers and their lag (empty without rabbitmq_stream_management)
 * @param clocks               each node's clock against this machine's (empty when not read)
 */
public record BrokerFacts(Overview overview, List<NodeFacts> nodes, List<QueueFacts> queues,
        List<ExchangeFacts> exchanges, List<ConnectionFacts> connections, List<ChannelFacts> channels,
        List<ConsumerFacts> consumers, List<PolicyFacts> policies, List<UserFacts> users, List<VhostFacts> vhosts,
        List<FeatureFlagFacts> featureFlags, Boolean guestDefaultPassword, boolean remote,
        Map<String, String> config, PrometheusFacts prometheus, List<CertificateFacts> certificates,
        List<StreamConsumerFacts> streamConsumers, List<NodeClockFacts> clocks) {

    public BrokerFacts {
        overview = overview == null ? Overview.empty() : overview;
        nodes = copy(nodes);
        queues = copy(queues);
        exchanges = copy(exchanges);
        connections = copy(connections);
        channels = copy(channels);
        consumers = copy(consumers);
        policies = copy(policies);
        users = copy(users);
        vhosts = copy(vhosts);
        featureFlags = copy(featureFlags);
        config = config == null ? null : Map.copyOf(config);
        certificates = copy(certificates);
        streamConsumers = copy(streamConsumers);
        clocks = copy(clocks);
    }

    /** Facts without TLS certificates read. */
    public BrokerFacts(Overview overview, List<NodeFacts> nodes, List<QueueFacts> queues,
            List<ExchangeFacts> exchanges, List<ConnectionFacts> connections, List<ChannelFacts> channels,
            List<ConsumerFacts> consumers, List<PolicyFacts> policies, List<UserFacts> users, List<VhostFacts> vhosts,
            List<FeatureFlagFacts> featureFlags, Boolean guestDefaultPassword, boolean remote,
            Map<String, String> config, PrometheusFacts prometheus) {
        this(overview, nodes, queues, exchanges, connections, channels, consumers, policies, users, vhosts,
                featureFlags, guestDefaultPassword, remote, config, prometheus, null, null, null);
    }

    /** A broker about which nothing is known. */
    public static BrokerFacts empty() {
        return new BrokerFacts(null, null, null, null, null, null, null, null, null, null, null, null, false, null, null);
    }

    /** These facts with what the probes beside the management API read: certificates and clocks. */
    public BrokerFacts withDirectProbes(List<CertificateFacts> readCertificates, List<NodeClockFacts> readClocks) {
        return new BrokerFacts(overview, nodes, queues, exchanges, connections, channels, consumers, policies, users,
                vhosts, featureFlags, guestDefaultPassword, remote, config, prometheus, readCertificates,
                streamConsumers, readClocks);
    }

    /** The rabbitmq.conf value of {@code key}, or null when absent or the file was not visible. */
    public String configValue(String key) {
        return config == null ? null : config.get(key);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
