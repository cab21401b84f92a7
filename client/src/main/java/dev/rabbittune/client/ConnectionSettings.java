package dev.rabbittune.client;

import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BadInputException;
import java.util.List;

/**
 * How to reach a broker: one or more node URIs (a cluster's nodes; connections are spread over them in order) and
 * the options applied to every connection before it connects.
 *
 * @param uris             node URIs; credentials and vhost are taken from the first
 * @param heartbeatSeconds AMQP heartbeat timeout requested from the broker (0 disables; 60 is the broker default)
 * @param nio              use the NIO frame handler (fewer threads for many connections) instead of blocking IO
 * @param automaticRecovery reconnect and re-declare after a connection failure; benchmarks turn it off so that a
 *                         failure ends the run instead of skewing it
 * @param dispatchThreads  threads running consumer callbacks, shared by all connections of one {@link Connections};
 *                         0 = amqp-client's default of a pool of twice the cores per connection
 * @param network          socket options, node order and TLS stores
 */
public record ConnectionSettings(List<AmqpUri> uris, int heartbeatSeconds, boolean nio, boolean automaticRecovery,
                                 int dispatchThreads, NetworkOptions network) {

    /** Settings with the default {@link NetworkOptions}. */
    public ConnectionSettings(List<AmqpUri> uris, int heartbeatSeconds, boolean nio, boolean automaticRecovery,
                              int dispatchThreads) {
        this(uris, heartbeatSeconds, nio, automaticRecovery, dispatchThreads, NetworkOptions.defaults());
    }

    public ConnectionSettings {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new BadInputException("at least one broker URI is needed");
        }
        if (network == null) {
            network = NetworkOptions.defaults();
        }
        if (dispatchThreads < 0) {
            throw new BadInputException("dispatch threads must be >= 0, got " + dispatchThreads);
        }
        if (heartbeatSeconds < 0) {
            throw new BadInputException("heartbeat must be >= 0 seconds, got " + heartbeatSeconds);
        }
    }

    /** Settings for a single local node with the broker's defaults. */
    public static ConnectionSettings localhost() {
        return of(List.of(AmqpUri.DEFAULT));
    }

    /** Parses each URI; heartbeat 60 s, blocking IO, no automatic recovery. */
    public static ConnectionSettings of(List<String> uris) {
        return new ConnectionSettings(uris.stream().map(AmqpUri::parse).toList(), 60, false, false, 0);
    }

    /** The same settings with automatic recovery off. */
    public ConnectionSettings withoutRecovery() {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, false, dispatchThreads, network);
    }

    /** The same settings with {@code threads} consumer dispatch threads shared by all connections. */
    public ConnectionSettings withDispatchThreads(int threads) {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, automaticRecovery, threads, network);
    }

    /** The same settings with automatic recovery on (what applications want; the library's publisher needs it). */
    public ConnectionSettings withRecovery() {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, true, dispatchThreads, network);
    }

    public ConnectionSettings withNetwork(NetworkOptions options) {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, automaticRecovery, dispatchThreads, options);
    }

    public AmqpUri primary() {
        return uris.get(0);
    }
}
