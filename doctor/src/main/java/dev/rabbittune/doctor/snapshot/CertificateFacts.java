package dev.rabbittune.doctor.snapshot;

/**
 * The certificate a TLS listener presented in a handshake made by the doctor (read only: nothing is sent).
 *
 * @param node     the listener's node
 * @param protocol e.g. amqp/ssl, https, stream/ssl
 * @param port     its port
 * @param address  host:port the handshake went to
 * @param subject  the subject of the chain's certificate that expires first (the leaf or an intermediate),
 *                 null when the handshake failed
 * @param notAfter when that certificate expires (ISO-8601 instant), null when the handshake failed
 * @param error    why no certificate was read, null when one was
 */
public record CertificateFacts(String node, String protocol, int port, String address, String subject,
        String notAfter, String error) {
}
