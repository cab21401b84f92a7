package dev.rabbittune.monitor;

import dev.rabbittune.client.ConnectionSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How the monitor runs.
 *
 * @param connection     the broker (its first URI also gives the management API and its credentials)
 * @param listen         where {@code /metrics} is served (loopback unless asked otherwise)
 * @param readInterval   how often the broker's figures are read (the management API refreshes its own every 5 s)
 * @param canaryInterval how often each node's canary sends a message; 0 turns the canaries off
 * @param canaryTimeout  a canary message not delivered within this is a timeout
 * @param queues         which queues get their own series
 * @param managementUrl  the management API's base URL; null: the first URI's host on port 15672 (15671 with TLS)
 * @param webConfig      the exporters' web config file (TLS, basic auth, headers for {@code /metrics}); null: none
 * @param anomalyWarmup  how long each signal is watched before an anomaly can be said; null: a minute
 * @param brokerSource   where the per-queue figures come from; null: {@link BrokerSource#AUTO}
 */
public record MonitorSettings(ConnectionSettings connection, InetSocketAddress listen, Duration readInterval,
        Duration canaryInterval, Duration canaryTimeout, QueueFilter queues, String managementUrl,
        java.nio.file.Path webConfig, Duration anomalyWarmup, BrokerSource brokerSource) {

    /**
     * Where the per-queue figures are read: each node's Prometheus plugin ({@code /metrics/detailed} with two
     * families) or the management API's queue list with {@code columns=}. Totals and node figures always come
     * from the management API.
     */
    public enum BrokerSource {
        /** The plugin when every running node has its listener, else (and while it fails) the management API. */
        AUTO,
        /** The plugin only: a node without it is a failed read. */
        PLUGIN,
        /** The management API only. */
        MANAGEMENT
    }

    /** The default warm-up: a minute of samples, whatever their interval. */
    public static final Duration DEFAULT_WARMUP = Duration.ofMinutes(1);

    public MonitorSettings {
        anomalyWarmup = anomalyWarmup == null ? DEFAULT_WARMUP : anomalyWarmup;
        brokerSource = brokerSource == null ? BrokerSource.AUTO : brokerSource;
    }

    /** Without a web config, with the default warm-up. */
    public MonitorSettings(ConnectionSettings connection, InetSocketAddress listen, Duration readInterval,
            Duration canaryInterval, Duration canaryTimeout, QueueFilter queues, String managementUrl) {
        this(connection, listen, readInterval, canaryInterval, canaryTimeout, queues, managementUrl, null, null,
                null);
    }

    /** These settings with another anomaly warm-up. */
    public MonitorSettings withAnomalyWarmup(Duration warmup) {
        return new MonitorSettings(connection, listen, readInterval, canaryInterval, canaryTimeout, queues,
                managementUrl, webConfig, warmup, brokerSource);
    }

    /** These settings with another source of per-queue figures. */
    public MonitorSettings withBrokerSource(BrokerSource source) {
        return new MonitorSettings(connection, listen, readInterval, canaryInterval, canaryTimeout, queues,
                managementUrl, webConfig, anomalyWarmup, source);
    }

    /** With the management API on the broker's host. */
    public MonitorSettings(ConnectionSettings connection, InetSocketAddress listen, Duration readInterval,
            Duration canaryInterval, Duration canaryTimeout, QueueFilter queues) {
        this(connection, listen, readInterval, canaryInterval, canaryTimeout, queues, null, null, null, null);
    }

    /** The management API these settings point at, with the first URI's credentials. */
    dev.rabbittune.core.ManagementApi api() {
        dev.rabbittune.core.AmqpUri uri = connection.primary();
        return managementUrl == null ? dev.rabbittune.core.ManagementApi.forAmqpUri(uri)
                : new dev.rabbittune.core.ManagementApi(managementUrl, uri.username(), uri.password());
    }

    /**
     * The queues that get their own series.
     *
     * @param include regex the whole queue name must match (null: all)
     * @param exclude regex of queue names left out (null: none)
     * @param max     at most this many, the largest backlogs first
     */
    public record QueueFilter(String include, String exclude, int max) {
    }
}
