package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.testing.Broker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bench's way onto the shared test broker ({@link Broker}): workloads parsed and run as the CLI runs them. */
final class TestRuns {

    private TestRuns() {
    }

    static ConnectionSettings settings() {
        return new ConnectionSettings(List.of(Broker.URI), 60, false, false);
    }

    static Workload workload(String yaml) {
        try {
            return Workload.resolve(List.of(Workloads.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test workload")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result run(String yaml) throws InterruptedException {
        return new Engine(workload(yaml), settings(), RunListener.NONE, false).run();
    }

    /** Runs {@code action} on a fresh channel of a fresh connection. */
    static void withChannel(ChannelAction action) throws Exception {
        try (Connection connection = Broker.connect("rabbittune-test"); Channel channel = connection.createChannel()) {
            action.run(channel);
        }
    }

    interface ChannelAction {
        void run(Channel channel) throws Exception;
    }
}
