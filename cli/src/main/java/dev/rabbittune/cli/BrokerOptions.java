package dev.rabbittune.cli;

import dev.rabbittune.bench.IoMode;
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

    @Option(names = "--io", paramLabel = "MODE", description = {"socket I/O: auto (default), nio or blocking;",
        "auto = nio for unlimited-rate publishing (writes batched), blocking for paced traffic"})
    IoMode io = IoMode.AUTO;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** Connection settings (blocking I/O; a bench run applies {@link #io} per connection role). */
    ConnectionSettings connectionSettings() {
        return new ConnectionSettings(AmqpUri.givenOrDefault(uris), heartbeatSeconds, io == IoMode.NIO, false);
    }
}
