package dev.rabbittune.doctor.snapshot;

/**
 * One client connection from {@code /api/connections}.
 *
 * @param name             connection name ({@code peer:port -> node:port})
 * @param node             node it is connected to
 * @param user             user name
 * @param vhost            virtual host
 * @param peerHost         client address
 * @param channels         open channels
 * @param heartbeatSeconds negotiated heartbeat timeout, 0 = disabled, null when unknown
 * @param state            running, flow, blocking, blocked, closed
 * @param tls              true when over TLS
 * @param protocol         e.g. AMQP 0-9-1
 * @param clientProduct    client library name from the client properties
 */
public record ConnectionFacts(String name, String node, String user, String vhost, String peerHost, int channels,
        Integer heartbeatSeconds, String state, boolean tls, String protocol, String clientProduct) {
}
