package dev.rabbittune.monitor;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.ManagementApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real local broker (scripts/broker start) for the monitor's tests; they fail, never skip, without it. */
final class LocalBroker {

    static final AmqpUri URI = AmqpUri.parse("amqp://localhost");
    static final ManagementApi API = ManagementApi.forAmqpUri(URI);
    /** The node's name, as the management API and the canary's labels give it. */
    static final String NODE = API.nodes().get(0).path("name").asText();

    private LocalBroker() {
    }

    /** A monitor on an ephemeral loopback port: reads every second, a canary every 250 ms (timeout 500 ms). */
    static MonitorSettings settings(AmqpUri uri, int maxQueueSeries) {
        return new MonitorSettings(new ConnectionSettings(List.of(uri), 10, false, false),
                new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofMillis(500), new MonitorSettings.QueueFilter(null, null, maxQueueSeries));
    }

    static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
