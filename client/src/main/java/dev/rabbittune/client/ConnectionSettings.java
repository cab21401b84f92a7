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
 * @param dispatch         where consumer callbacks run (see {@link Dispatch}; default: a pool per connection)
 * @param network          socket options, node order and TLS stores
 */
public record ConnectionSettings(List<AmqpUri> uris, int heartbeatSeconds, boolean nio, boolean automaticRecovery,
                                 Dispatch dispatch, NetworkOptions network) {

    /** Settings with the default {@link Dispatch} and {@link NetworkOptions}. */
    public ConnectionSettings(List<AmqpUri> uris, int heartbeatSeconds, boolean nio, boolean automaticRecovery) {
        this(uris, heartbeatSeconds, nio, automaticRecovery, Dispatch.perConnection(), NetworkOptions.defaults());
    }

    public ConnectionSettings {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new BadInputException("at least one broker URI is needed");
        }
        if (network == null) {
            network = NetworkOptions.defaults();
        }
        if (dispatch == null) {
            dispatch = Dispatch.perConnection();
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
        return new ConnectionSettings(uris.stream().map(AmqpUri::parse).toList(), 60, false, false);
    }

    /** The same settings with automatic recovery off. */
    public ConnectionSettings withoutRecovery() {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, false, dispatch, network);
    }

    /** The same settings with consumer callbacks run where {@code dispatch} says. */
    public ConnectionSettings withDispatch(Dispatch dispatch) {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, automaticRecovery, dispatch, network);
    }

    /** The same settings with automatic recovery on (what applications want; the library's publisher needs it). */
    public ConnectionSettings withRecovery() {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, true, dispatch, network);
    }

    public ConnectionSettings withNetwork(NetworkOptions options) {
        return new ConnectionSettings(uris, heartbeatSeconds, nio, automaticRecovery, dispatch, options);
    }

    public AmqpUri primary() {
        return uris.get(0);
    }
}
