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
 * @param requestedFrameMax  largest frame requested in the AMQP tune, in bytes; 0 = whatever the broker offers
 *                           ({@code frame_max}, 131072 by default)
 */
public record NetworkOptions(boolean tcpNoDelay, int sendBufferBytes, int receiveBufferBytes, boolean keepAlive,
                             boolean shuffleNodes, Path trustStore, String trustStorePassword, Path keyStore,
                             String keyStorePassword, int requestedFrameMax) {

    public NetworkOptions {
        if (requestedFrameMax < 0) {
            throw new BadInputException("frame max must be >= 0 bytes, got " + requestedFrameMax);
        }
        if (sendBufferBytes < 0 || receiveBufferBytes < 0) {
            throw new BadInputException("socket buffer sizes must be >= 0");
        }
    }

    public static NetworkOptions defaults() {
        return new NetworkOptions(true, 0, 0, true, false, null, null, null, null, 0);
    }

    public NetworkOptions withTrustStore(Path store, String password) {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes, store,
                password, keyStore, keyStorePassword, requestedFrameMax);
    }

    public NetworkOptions withClientCertificate(Path store, String password) {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes,
                trustStore, trustStorePassword, store, password, requestedFrameMax);
    }

    public NetworkOptions withBuffers(int sendBytes, int receiveBytes) {
        return new NetworkOptions(tcpNoDelay, sendBytes, receiveBytes, keepAlive, shuffleNodes, trustStore,
                trustStorePassword, keyStore, keyStorePassword, requestedFrameMax);
    }

    public NetworkOptions withShuffledNodes() {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, true, trustStore,
                trustStorePassword, keyStore, keyStorePassword, requestedFrameMax);
    }

    public NetworkOptions withTcpNoDelay(boolean noDelay) {
        return new NetworkOptions(noDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes, trustStore,
                trustStorePassword, keyStore, keyStorePassword, requestedFrameMax);
    }

    public NetworkOptions withFrameMax(int bytes) {
        return new NetworkOptions(tcpNoDelay, sendBufferBytes, receiveBufferBytes, keepAlive, shuffleNodes, trustStore,
                trustStorePassword, keyStore, keyStorePassword, bytes);
    }

    @Override
    public String toString() {
        // never print key or trust store passwords
        return "NetworkOptions[tcpNoDelay=" + tcpNoDelay + ", sendBufferBytes=" + sendBufferBytes
                + ", receiveBufferBytes=" + receiveBufferBytes + ", keepAlive=" + keepAlive + ", shuffleNodes="
                + shuffleNodes + ", trustStore=" + trustStore + ", keyStore=" + keyStore + ", requestedFrameMax="
                + requestedFrameMax + "]";
    }
}
