package dev.rabbittune.client;

import dev.rabbittune.core.BadInputException;
import java.nio.file.Path;

/**
 * Socket and TLS options applied to every connection before it connects.
 *
 * @param tcpNoDelay         disable Nagle's algorithm (amqp-client's default too): small publishes go out at once
 * @param sendBufferBytes    socket send buffer; 0 = the operating system's (auto-tuned) default
 * @param receiveBufferBytes socket receive buffer; 0 = the operating system's default
 * @param keepAlive          TCP keepalive, so dead peers are noticed even with heartbeats off
 * @param shuffleNodes       try the nodes in random order, so that many clients spread over a cluster
 * @param trustStore         PKCS12 or JKS trust store for amqps (null = the JVM's default trust store)
 * @param trustStorePassword its password (may be null)
 * @param keyStore           PKCS12 key store holding a client certificate for mutual TLS (null = none)
 * @param keyStorePassword   its password (may be null)
 */
public record NetworkOptions(boolean tcpNoDelay, int sendBufferBytes, int receiveBufferBytes, boolean keepAlive,
                             boolean shuffleNodes, Path trustStore, String trustStorePassword, Path keyStore,
                             String keyStorePassword) {

    public NetworkOptions {
        if (sendBufferBytes < 0 || receiveBufferBytes < 0) {
            throw new BadInputException("socket buffer sizes must be >= 0");
        }
    }

    public static NetworkOptions defaults() {
        return new NetworkOptions(true, 0, 0, true, false, null, null, null, null);
    }

    public NetworkOptions withTrustStore(Path store, String password) {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes, store,
                password, keyStore, keyStorePassword);
    }

    public NetworkOptions withClientCertificate(Path store, String password) {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes,
                trustStore, trustStorePassword, store, password);
    }

    public NetworkOptions withBuffers(int sendBytes, int receiveBytes) {
        return new NetworkOptions(tcpNoDelay, sendBytes, receiveBytes, keepAlive, shuffleNodes, trustStore,
                trustStorePassword, keyStore, keyStorePassword);
    }

    public NetworkOptions withShuffledNodes() {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, true, trustStore,
                trustStorePassword, keyStore, keyStorePassword);
    }

    @Override
    public String toString() {
        // never print key or trust store passwords
        return "NetworkOptions[tcpNoDelay=" + tcpNoDelay + ", sendBufferBytes=" + sendBufferBytes
                + ", receiveBufferBytes=" + receiveBufferBytes + ", keepAlive=" + keepAlive + ", shuffleNodes="
                + shuffleNodes + ", trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
    }
}
