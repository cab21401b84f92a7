package dev.rabbittune.monitor;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Monitor settings for the tests on the shared test broker ({@link dev.rabbittune.testing.Broker}). */
final class TestMonitors {

    private TestMonitors() {
    }

    /** A monitor on an ephemeral loopback port: reads every second, a canary every 250 ms (timeout 500 ms). */
    static MonitorSettings settings(AmqpUri uri, int maxQueueSeries) {
        return new MonitorSettings(new ConnectionSettings(List.of(uri), 10, false, false),
                new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofMillis(500), new MonitorSettings.QueueFilter(null, null, maxQueueSeries));
    }
}
