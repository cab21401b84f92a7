package dev.rabbittune.cli;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the broker is: {@code --uri} once per cluster node. Shared by every command that talks to a broker. */
final class BrokerOptions {

    @Option(names = "--uri", paramLabel = "URI", description = {"broker node, amqp[s]://user:pass@host:port/vhost;",
        "repeat for a cluster's nodes (default amqp://localhost, or $RABBITTUNE_URI)"})
    List<String> uris;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", description = "AMQP heartbeat (default 60)")
    int heartbeatSeconds = 60;

    /** Socket I/O of the connections; {@code auto} lets the command choose for its workload. */
    enum Io { AUTO, NIO, BLOCKING }

    @Option(names = "--io", paramLabel = "MODE", description = {"socket I/O: auto (default), nio or blocking;",
        "auto = nio for unlimited-rate publishing (writes batched), blocking for paced traffic"})
    Io io = Io.AUTO;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** Connection settings; {@code preferNio} decides {@code --io auto}. */
    ConnectionSettings connectionSettings(boolean preferNio) {
        return new ConnectionSettings(AmqpUri.givenOrDefault(uris), heartbeatSeconds,
                io == Io.NIO || io == Io.AUTO && preferNio, false);
    }
}
