package dev.rabbittune.cli;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BrokerUnreachableException;
import java.util.List;

/**
 * PerfTest's {@code --servers-startup-timeout} and {@code --servers-up-limit}: before the run, wait until enough of
 * the given nodes accept a connection, trying every second, instead of failing at once.
 */
final class BrokerWait {

    private BrokerWait() {
    }

    static void await(ConnectionSettings settings, int timeoutSeconds, Integer upLimit) throws InterruptedException {
        List<AmqpUri> nodes = settings.uris();
        int needed = upLimit == null || upLimit <= 0 ? nodes.size() : Math.min(upLimit, nodes.size());
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            int up = 0;
            for (AmqpUri node : nodes) {
                if (answers(settings, node)) {
                    up++;
                }
            }
            if (up >= needed) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new BrokerUnreachableException(up + " of " + needed + " broker node(s) answered within "
                        + timeoutSeconds + " s", "check the URIs and that the broker is running", null);
            }
            Thread.sleep(1000);
        }
    }

    private static boolean answers(ConnectionSettings settings, AmqpUri node) {
        ConnectionSettings one = new ConnectionSettings(List.of(node), settings.heartbeatSeconds(), false, false,
                settings.dispatch(), settings.network());
        try (com.rabbitmq.client.Connection connection = new Connections(one).open("rabbittune-wait", 0)) {
            return connection.isOpen();
        } catch (Exception e) {
            return false;
        }
    }
}
