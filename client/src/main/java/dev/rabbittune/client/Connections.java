package dev.rabbittune.client;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BrokerUnreachableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Opens named connections from {@link ConnectionSettings}. The name shows in the broker's management UI so that an
 * operator can tell which process a connection belongs to. Failures become {@link BrokerUnreachableException}s whose
 * message names the (masked) node and whether the credentials were refused.
 */
public final class Connections {

    private final ConnectionSettings settings;
    private final ConnectionFactory factory;

    public Connections(ConnectionSettings settings) {
        this.settings = settings;
        this.factory = factoryFor(settings);
    }

    /**
     * The same connections, whose writes a publishing thread can coalesce ({@link WriteCoalescing}); plain TCP with
     * the blocking frame handler only (TLS and NIO connections are left as they are).
     */
    public Connections coalescingWrites() {
        if (!settings.nio() && !settings.primary().tls()) {
            factory.setSocketFactory(WriteCoalescing.socketFactory());
        }
        return this;
    }

    /**
     * Opens a connection to the node at {@code index % nodes} (falling over to the others in order), so that
     * successive indexes spread connections over a cluster.
     */
    public Connection open(String name, int index) {
        List<Address> addresses = rotated(index);
        try {
            return factory.newConnection(addresses, name);
        } catch (PossibleAuthenticationFailureException e) {
            throw new BrokerUnreachableException("broker " + settings.primary().masked()
                    + " refused the credentials of user '" + settings.primary().username() + "'",
                    "check the user and password in the URI", e);
        } catch (IOException | TimeoutException e) {
            throw new BrokerUnreachableException("cannot connect to " + describeNodes() + ": " + rootMessage(e),
                    "is the broker running, and listening on that host and port?", e);
        }
    }

    /** Opens a connection to the first reachable node. */
    public Connection open(String name) {
        return open(name, 0);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    private List<Address> rotated(int index) {
        List<AmqpUri> uris = settings.uris();
        List<Address> addresses = new ArrayList<>(uris.size());
        for (int i = 0; i < uris.size(); i++) {
            AmqpUri uri = uris.get((index + i) % uris.size());
            addresses.add(new Address(uri.host(), uri.port()));
        }
        if (settings.network().shuffleNodes()) {
            java.util.Collections.shuffle(addresses);
        }
        return addresses;
    }

    private String describeNodes() {
        return settings.uris().size() == 1 ? settings.primary().masked() : settings.uris().toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static ConnectionFactory factoryFor(ConnectionSettings settings) {
        AmqpUri primary = settings.primary();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUsername(primary.username());
        factory.setPassword(primary.password());
        factory.setVirtualHost(primary.vhost());
        factory.setRequestedHeartbeat(settings.heartbeatSeconds());
        factory.setAutomaticRecoveryEnabled(settings.automaticRecovery());
        factory.setTopologyRecoveryEnabled(settings.automaticRecovery());
        factory.setConnectionTimeout(10_000);
        ExecutorService dispatch = settings.dispatch().executor();
        if (dispatch != null) {
            factory.setSharedExecutor(dispatch);
        }
        NetworkOptions network = settings.network();
        if (network.requestedFrameMax() > 0) {
            factory.setRequestedFrameMax(network.requestedFrameMax());
        }
        // applied before connect: buffer sizes only take effect for the TCP window if set before the handshake
        factory.setSocketConfigurator(socket -> configure(socket, network));
        if (settings.nio()) {
            factory.useNio();
            com.rabbitmq.client.impl.nio.NioParams nio = new com.rabbitmq.client.impl.nio.NioParams();
            nio.setSocketChannelConfigurator(channel -> configure(channel.socket(), network));
            factory.setNioParams(nio);
        }
        if (primary.tls()) {
            try {
                // the given or the JVM's trust store, with host name verification: never trust-all
                factory.useSslProtocol(TlsContexts.create(network));
                factory.enableHostnameVerification();
            } catch (java.security.GeneralSecurityException | IOException e) {
                throw new BrokerUnreachableException("cannot set up TLS: " + e.getMessage(),
                        "check the trust store, key store and their passwords", e);
            }
        }
        return factory;
    }

    private static void configure(java.net.Socket socket, NetworkOptions network) throws java.net.SocketException {
        socket.setTcpNoDelay(network.tcpNoDelay());
        socket.setKeepAlive(network.keepAlive());
        if (network.sendBufferBytes() > 0) {
            socket.setSendBufferSize(network.sendBufferBytes());
        }
        if (network.receiveBufferBytes() > 0) {
            socket.setReceiveBufferSize(network.receiveBufferBytes());
        }
    }
}
