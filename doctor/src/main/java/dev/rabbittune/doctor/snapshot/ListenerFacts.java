package dev.rabbittune.doctor.snapshot;

import java.util.Map;

/**
 * A protocol listener of a node ({@code /api/overview} {@code listeners}).
 *
 * @param node       node name
 * @param protocol   amqp, amqp/ssl, http, clustering, stream …
 * @param port       TCP port
 * @param socketOpts socket options as text ({@code backlog}, {@code sndbuf}, {@code linger} …)
 */
public record ListenerFacts(String node, String protocol, int port, Map<String, String> socketOpts) {

    public ListenerFacts {
        socketOpts = socketOpts == null ? Map.of() : Map.copyOf(socketOpts);
    }
}
