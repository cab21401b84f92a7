package dev.rabbittune.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Declaring validated topology on the real broker. */
@NeedsBroker
class TopologyAgainstBrokerTest {

    private static final BrokerVersion BROKER = BrokerVersion.parse("3.10.8");

    @Test
    void declaringTwiceIsIdempotentAndADifferentArgumentIsExplainedInOneLine() throws Exception {
        String name = "topology-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = Broker.connect("test-topology")) {
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
    void anExchangeABindingAndAPolicyDeclaredTogetherRouteAndApply() throws Exception {
        String name = "topology-" + UUID.randomUUID().toString().substring(0, 8);
        ManagementApi api = ManagementApi.forAmqpUri(AmqpUri.parse("amqp://guest:guest@localhost"));
        try (Connection connection = Broker.connect("test-topology-all");
             Channel channel = connection.createChannel()) {
            try {
                declareRouteAndCheck(channel, api, name);
            } finally {
                api.delete("/api/policies/%2F/" + name);
                api.delete("/api/queues/%2F/" + name);
                api.delete("/api/exchanges/%2F/" + name + "-x");
            }
        }
    }

    private static void declareRouteAndCheck(Channel channel, ManagementApi api, String name) throws Exception {
        Topology.declare(channel, QueueSpec.classic(name).build(BROKER));
        Topology.declare(channel, ExchangeSpec.topic(name + "-x").build());
        Topology.declare(channel, ExchangeSpec.topic(name + "-x").build()); // idempotent
        Topology.declare(channel, BindingSpec.queue(name).from(name + "-x").routingKey("eu.#").build());
        Topology.declare(api, "/", PolicySpec.named(name).pattern("^" + name + "$").set("max-length", 2)
                .build(BROKER));
        for (int i = 0; i < 5; i++) {
            channel.basicPublish(name + "-x", "eu.order", null, new byte[1]);
        }
        channel.basicPublish(name + "-x", "us.order", null, new byte[1]); // not bound: dropped
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.queue("/", name)
                .map(q -> name.equals(q.path("policy").asText()) && q.path("messages").asInt() == 2)
                .orElse(false));
    }

    /** Every built-in key the builder accepts for 3.10, the local broker accepts too, and it refuses a made-up one. */
    @Test
    void theBrokerAgreesWithThePolicyKeysTheBuilderKnows() {
        ManagementApi api = ManagementApi.forAmqpUri(AmqpUri.parse("amqp://guest:guest@localhost"));
        String name = "topology-keys-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("dead-letter-exchange", "dlx");
        samples.put("dead-letter-routing-key", "dead");
        samples.put("dead-letter-strategy", "at-least-once");
        samples.put("message-ttl", 60_000);
        samples.put("expires", 3_600_000);
        samples.put("max-length", 100);
        samples.put("max-length-bytes", 1_000_000);
        samples.put("overflow", "reject-publish-dlx");
        samples.put("queue-mode", "lazy");
        samples.put("queue-version", 2);
        samples.put("queue-master-locator", "min-masters");
        samples.put("queue-leader-locator", "balanced");
        samples.put("delivery-limit", 5);
        samples.put("max-in-memory-length", 10);
        samples.put("max-in-memory-bytes", 1_000);
        samples.put("max-age", "7D");
        samples.put("stream-max-segment-size-bytes", 50_000_000);
        samples.put("ha-mode", "exactly");
        samples.put("ha-params", 2);
        samples.put("ha-sync-mode", "automatic");
        samples.put("ha-sync-batch-size", 100);
        samples.put("ha-promote-on-shutdown", "when-synced");
        samples.put("ha-promote-on-failure", "always");
        assertThat(samples.keySet()).hasSize(PolicyKey.values().length - 1); // all but alternate-exchange
        try {
            for (Map.Entry<String, Object> sample : samples.entrySet()) {
                PolicySpec.Builder builder = PolicySpec.named(name).pattern("^" + name + "$")
                        .set(sample.getKey(), sample.getValue());
                if (sample.getKey().equals("ha-mode")) {
                    builder.set("ha-params", 2);
                } else if (sample.getKey().startsWith("ha-")) {
                    builder.set("ha-mode", "all");
                    if (sample.getKey().equals("ha-params")) {
                        builder = PolicySpec.named(name).pattern("^" + name + "$").set("ha-mode", "exactly")
                                .set("ha-params", 2);
                    }
                }
                Topology.declare(api, "/", builder.build(BROKER)); // the broker refuses what it does not know
            }
            Topology.declare(api, "/", PolicySpec.named(name).pattern("^" + name + "$").applyTo(
                    PolicySpec.ApplyTo.EXCHANGES).set("alternate-exchange", "ae").build(BROKER));
            assertThatThrownBy(() -> Topology.declare(api, "/", PolicySpec.named(name).set("max-length", 1)
                    .setUnchecked("max-lenght", 1).build(BROKER)))
                    .isInstanceOf(BrokerRefusedException.class).hasMessageContaining("max-lenght");
        } finally {
            api.delete("/api/policies/%2F/" + name);
        }
    }

    /**
     * Every queue argument value the builder lets through for a queue type, the local broker takes too: a mix of good
     * and bad values per argument is run through the builder, and each one it accepts is declared. Each argument
     * must have at least one accepted value per queue type it applies to, so none goes untried.
     */
    @Test
    void theBrokerAcceptsEveryQueueArgumentValueTheBuilderAccepts() throws Exception {
        List<Object> candidates = List.of(0, 1, 2, 3, -1, 255, 256, 60_000, 50_000_000L, true, "x", "7D", "12h", "1Y",
                "7 days", "drop-head", "reject-publish", "reject-publish-dlx", "at-most-once", "at-least-once",
                "default", "lazy", "client-local", "balanced", "min-masters", "random");
        List<String> refusedByBroker = new ArrayList<>();
        int declared = 0;
        try (Connection connection = Broker.connect("test-topology-arguments")) {
            Channel channel = connection.createChannel();
            for (QueueType type : QueueType.values()) {
                for (String key : QueueArgument.keysFor(type)) {
                    int accepted = 0;
                    for (Object value : candidates) {
                        QueueSpec spec;
                        String name = "topology-arg-" + UUID.randomUUID().toString().substring(0, 8);
                        try {
                            QueueSpec.Builder builder = builder(type, name);
                            if (key.equals("x-dead-letter-routing-key")) {
                                builder.deadLetterExchange(""); // the one pairing the broker requires
                            }
                            spec = builder.argument(key, value).build(BROKER);
                        } catch (InvalidTopologyException refused) {
                            continue;
                        }
                        accepted++;
                        declared++;
                        try {
                            Topology.declare(channel, spec);
                            channel.queueDelete(name);
                        } catch (IOException | RuntimeException e) {
                            refusedByBroker.add(type + " " + key + "=" + value + ": " + e.getMessage());
                            channel = connection.createChannel();
                        }
                    }
                    assertThat(accepted).as("values the builder accepts for %s on a %s queue", key, type)
                            .isPositive();
                }
            }
            channel.close();
        }
        assertThat(refusedByBroker).as("builder-accepted values the broker refused (of %d declared)", declared)
                .isEmpty();
    }

    private static QueueSpec.Builder builder(QueueType type, String name) {
        return switch (type) {
            case CLASSIC -> QueueSpec.classic(name);
            case QUORUM -> QueueSpec.quorum(name);
            case STREAM -> QueueSpec.stream(name);
        };
    }
}
