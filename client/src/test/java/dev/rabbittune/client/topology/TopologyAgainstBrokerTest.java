package dev.rabbittune.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Declaring validated topology on the real broker. */
class TopologyAgainstBrokerTest {

    private static final BrokerVersion BROKER = BrokerVersion.parse("3.10.8");

    @Test
    void declaringTwiceIsIdempotentAndADifferentArgumentIsExplainedInOneLine() throws Exception {
        String name = "topology-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = new ConnectionFactory().newConnection("test-topology")) {
            try (Channel channel = connection.createChannel()) {
                Topology.declare(channel, QueueSpec.quorum(name).deliveryLimit(3).build(BROKER));
                Topology.declare(channel, QueueSpec.quorum(name).deliveryLimit(3).build(BROKER));
            }
            Channel channel = connection.createChannel();
            assertThatThrownBy(() -> Topology.declare(channel, QueueSpec.quorum(name).deliveryLimit(3)
                    .maxLength(10).build(BROKER)))
                    .isInstanceOf(InvalidTopologyException.class)
                    .hasMessageContaining("queue '" + name + "' already exists with x-max-length = none")
                    .hasMessageContaining("'10'")
                    .extracting(Throwable::getMessage).asString().doesNotContain("\n");
            try (Channel cleanup = connection.createChannel()) {
                assertThat(cleanup.queueDeclarePassive(name).getQueue()).isEqualTo(name);
                cleanup.queueDelete(name);
            }
        }
    }

    @Test
    void anUnknownExchangeTypeIsRejectedBeforeTheBroker() {
        assertThatThrownBy(() -> Topology.declareExchange(null, "x", "fanoutt", null))
                .isInstanceOf(InvalidTopologyException.class).hasMessageContaining("unknown type 'fanoutt'");
    }
}
