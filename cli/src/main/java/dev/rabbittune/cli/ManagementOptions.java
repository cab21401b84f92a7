package dev.rabbittune.cli;

import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.ManagementApi;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the management API is, for the commands that read the broker through it (doctor, rebalance). */
final class ManagementOptions {

    @Option(names = "--uri", paramLabel = "URI", description = {"broker node, amqp[s]://user:pass@host:port/vhost",
        "(default amqp://localhost, or $RABBITTUNE_URI); credentials are used for the management API"})
    List<String> uris;

    @Option(names = "--management-url", paramLabel = "URL",
            description = "management API base URL (default: the --uri host on port 15672, 15671 for amqps)")
    String managementUrl;

    /** The management API of the first --uri (or $RABBITTUNE_URI, or amqp://localhost). */
    ManagementApi api() {
        AmqpUri uri = AmqpUri.givenOrDefault(uris).get(0);
        String base = managementUrl != null ? managementUrl : uri.defaultManagementUrl();
        return new ManagementApi(base, uri.username(), uri.password());
    }
}
