package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.core.AmqpUri;
import org.junit.jupiter.api.Test;

/** Where a node's canary connects: the URI's host for nodes on this machine, else the host in the node's name. */
class NodeHostTest {

    private static final AmqpUri LOCAL = AmqpUri.parse("amqp://localhost");

    @Test
    void nodesOnThisMachineAreReachedThroughTheUrisHost() {
        assertThat(Monitor.hostOf("rabbit@vm", LOCAL, "vm")).isEqualTo("localhost");
        assertThat(Monitor.hostOf("rabbit-2@vm", LOCAL, "vm.example.com")).isEqualTo("localhost");
        assertThat(Monitor.hostOf("rabbit@localhost", AmqpUri.parse("amqp://10.0.0.5"), "vm")).isEqualTo("10.0.0.5");
        assertThat(Monitor.hostOf("rabbit", LOCAL, "vm")).isEqualTo("localhost");
    }

    @Test
    void nodesElsewhereAreReachedByTheHostInTheirName() {
        assertThat(Monitor.hostOf("rabbit@broker-2", LOCAL, "vm")).isEqualTo("broker-2");
        assertThat(Monitor.hostOf("rabbit@broker-2", AmqpUri.parse("amqp://broker-1"), "monitor-host"))
                .isEqualTo("broker-2");
    }
}
