package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.testing.Broker;
import java.io.IOException;
import java.util.List;

/**
 * The client library's way onto the shared test broker ({@link Broker}): connections opened through the library's
 * own {@link Connections}, as an application opens them.
 */
final class TestBroker {

    static final ConnectionSettings SETTINGS = new ConnectionSettings(List.of(Broker.URI), 60, false, true);

    private TestBroker() {
    }

    static Connection connect(String name) {
        return new Connections(SETTINGS).open(name);
    }

    static long messagesReady(Channel channel, String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }
}
