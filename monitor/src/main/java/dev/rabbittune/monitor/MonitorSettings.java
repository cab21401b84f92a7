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
 */
public record MonitorSettings(ConnectionSettings connection, InetSocketAddress listen, Duration readInterval,
        Duration canaryInterval, Duration canaryTimeout, QueueFilter queues) {

    /**
     * The queues that get their own series.
     *
     * @param include regex on {@code vhost/name} (null: all)
     * @param exclude regex on {@code vhost/name} (null: none)
     * @param max     at most this many, the largest backlogs first
     */
    public record QueueFilter(String include, String exclude, int max) {
    }
}
