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

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    ConnectionSettings connectionSettings() {
        List<String> given = uris;
        if (given == null || given.isEmpty()) {
            String fromEnv = System.getenv("RABBITTUNE_URI");
            given = List.of(fromEnv == null || fromEnv.isBlank() ? AmqpUri.DEFAULT : fromEnv);
        }
        return new ConnectionSettings(given.stream().map(AmqpUri::parse).toList(), heartbeatSeconds, false, false);
    }
}
