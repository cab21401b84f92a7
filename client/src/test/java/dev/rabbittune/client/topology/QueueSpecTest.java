package dev.rabbittune.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Validation before declaring, per queue type and broker version; no broker needed. */
class QueueSpecTest {

    private static final BrokerVersion V3_10 = BrokerVersion.parse("3.10.8");
    private static final BrokerVersion V3_13 = BrokerVersion.parse("3.13.7");
    private static final BrokerVersion V4_1 = BrokerVersion.parse("4.1.0");

    @Test
    void aValidQuorumQueueCarriesItsTypeAndArguments() {
        QueueSpec spec = QueueSpec.quorum("orders").deliveryLimit(5).deadLetterExchange("dlx").maxLength(10_000)
                .overflow("reject-publish").build(V3_10);
        assertThat(spec.declareArguments()).containsEntry("x-queue-type", "quorum").containsEntry("x-delivery-limit", 5)
                .containsEntry("x-max-length", 10_000L);
    }

    @Test
    void lazyIsNotAQueueType() {
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-queue-type", "lazy").build(V3_10))
                .isInstanceOf(InvalidTopologyException.class)
                .extracting(e -> ((InvalidTopologyException) e).hint()).asString().contains("x-queue-mode=lazy");
    }

    @Test
    void argumentsThatDoNotExistAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-max-lenght", 10).build(V3_10))
                .isInstanceOf(InvalidTopologyException.class).hasMessageContaining("'x-max-lenght' does not exist")
                .extracting(e -> ((InvalidTopologyException) e).hint()).asString().contains("x-max-length");
    }

    @Test
    void priorityOnAQuorumQueueIsRejected() {
        assertThatThrownBy(() -> QueueSpec.quorum("q").maxPriority(10).build(V3_10))
                .hasMessageContaining("x-max-priority does not apply to quorum queues");
    }

    @Test
    void valuesOfTheWrongTypeAreRejected() {
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-max-length", "1000").build(V3_10))
                .hasMessageContaining("x-max-length must be an integer >= 0, got '1000' (String)");
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-message-ttl", 1.5).build(V3_10))
                .hasMessageContaining("Double");
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-single-active-consumer", "yes").build(V3_10))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> QueueSpec.stream("s").maxAge("7 days").build(V3_10))
                .hasMessageContaining("an age like 7D");
    }

    @Test
    void versionDependentArgumentsAreCheckedAgainstTheBroker() {
        assertThat(QueueSpec.classic("q").argument("x-queue-mode", "lazy").build(V3_10).arguments())
                .containsEntry("x-queue-mode", "lazy");
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-queue-mode", "lazy").build(V3_13))
                .hasMessageContaining("no effect on RabbitMQ 3.13.7");
        assertThatThrownBy(() -> QueueSpec.quorum("q").argument("x-max-in-memory-length", 10).build(V4_1))
                .hasMessageContaining("removed in RabbitMQ 4.0");
        // the same rules as for policy keys: classic queue version 2 and leader locators came with 3.10
        assertThatThrownBy(() -> QueueSpec.classic("q").argument("x-queue-version", 2)
                .build(BrokerVersion.parse("3.9.29"))).hasMessageContaining("x-queue-version needs RabbitMQ 3.10");
    }

    @Test
    void replicatedQueuesCannotBeTemporary() {
        assertThatThrownBy(() -> QueueSpec.quorum("q").exclusive().build(V3_10))
                .hasMessageContaining("must be durable, not exclusive");
        assertThat(QueueSpec.classic("q").overflow("reject-publish-dlx").build(V3_10).arguments()).hasSize(1);
    }

    @Test
    void quorumQueuesDoNotSupportRejectPublishDlx() {
        assertThatThrownBy(() -> QueueSpec.quorum("q").overflow("reject-publish-dlx").build(V3_10))
                .hasMessageContaining("reject-publish-dlx");
    }

    @Test
    void aDeadLetterRoutingKeyWithoutADeadLetterExchangeIsRejectedAsTheBrokerWould() {
        assertThatThrownBy(() -> QueueSpec.classic("orders").deadLetterRoutingKey("dead").build(V3_10))
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("x-dead-letter-routing-key needs x-dead-letter-exchange");
        assertThat(QueueSpec.classic("orders").deadLetterExchange("").deadLetterRoutingKey("dead").build(V3_10)
                .declareArguments()).containsEntry("x-dead-letter-routing-key", "dead");
    }

    @Test
    void versionsCompare() {
        assertThat(BrokerVersion.parse("3.13.7").atLeast(BrokerVersion.V3_12)).isTrue();
        assertThat(BrokerVersion.parse("3.10.8").atLeast(BrokerVersion.V3_12)).isFalse();
        assertThat(BrokerVersion.parse("4.0.0-rc.1")).isEqualTo(new BrokerVersion(4, 0, 0));
    }
}
