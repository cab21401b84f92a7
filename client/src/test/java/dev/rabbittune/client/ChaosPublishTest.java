package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lossless publisher under faults on the local 3-node cluster: 200,000 persistent messages to a quorum queue
 * while the node the publisher is connected to is killed (kill -9) and restarted, and later the publisher's
 * connection is closed from the broker side. Every confirmed message must be consumed at least once. The node
 * restarted, the cluster is left running for the cluster tests that follow.
 * benchmarks/chaos-publish runs this test and prints its last line.
 */
@NeedsBroker
class ChaosPublishTest {

    private static final int MESSAGES = Integer.getInteger("chaos.messages", 200_000);
    private static final AmqpUri NODE1 = AmqpUri.parse("amqp://localhost:5701");
    private static final AmqpUri NODE2 = AmqpUri.parse("amqp://localhost:5702");
    private static final AmqpUri NODE3 = AmqpUri.parse("amqp://localhost:5703");

    private static final String QUEUE = "chaos-" + System.nanoTime();

    /** Starts the cluster, or finds it running (scripts/test starts it once for this test and DoctorClusterTest). */
    @BeforeAll
    static void startCluster() {
        Broker.script("cluster", "start", "3");
    }

    /**
     * Leaves the cluster as it was found, all three nodes running and without this test's queue, for the cluster
     * tests after it; scripts/test stops it at the end ({@code scripts/broker cluster stop} by hand otherwise).
     */
    @AfterAll
    static void deleteTheQueue() throws Exception {
        try (Connection connection = new Connections(new ConnectionSettings(List.of(NODE1, NODE2, NODE3), 10, false,
                true)).open("chaos-cleanup"); Channel channel = connection.createChannel()) {
            channel.queueDelete(QUEUE);
        }
    }

    private static CompletableFuture<Void> inBackground(String... args) {
        return CompletableFuture.runAsync(() -> {
            Broker.script(args);
        });
    }

    @Test
    void everyConfirmedMessageIsConsumedAtLeastOnceThroughANodeKillAndAConnectionCut() throws Exception {
        String queue = QUEUE;
        ConnectionSettings publisherNodes = new ConnectionSettings(List.of(NODE2, NODE1, NODE3), 10, false, true);
        ConnectionSettings consumerNodes = new ConnectionSettings(List.of(NODE3, NODE1), 10, false, true);
        Map<String, Integer> consumed = new ConcurrentHashMap<>();
        AtomicLong deliveries = new AtomicLong();
        try (Connection consumerConnection = new Connections(consumerNodes).open("chaos-consumer")) {
            try (Channel channel = consumerConnection.createChannel()) {
                channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                        "x-quorum-initial-group-size", 3));
            }
            BatchConsumer consumer = BatchConsumer.start(consumerConnection, queue,
                    BatchSettings.defaults().withBatch(200, Duration.ofMillis(20)), batch -> {
                        for (Delivery delivery : batch) {
                            consumed.merge(delivery.properties().getMessageId(), 1, Integer::sum);
                        }
                        deliveries.addAndGet(batch.size());
                    });
            List<CompletableFuture<Void>> confirms = new ArrayList<>(MESSAGES);
            String publisherName = "chaos-publisher-" + System.nanoTime();
            CompletableFuture<Void> fault = CompletableFuture.completedFuture(null);
            long republished;
            long republishedBeforeCut = 0;
            try (ReliablePublisher publisher = ReliablePublisher.open(publisherNodes, publisherName,
                    PublisherSettings.defaults().withWindow(256))) {
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 4) {
                        fault = inBackground("cluster", "kill", "2");
                    } else if (i == MESSAGES / 2) {
                        fault.join();
                        fault = inBackground("cluster", "restart", "2");
                    } else if (i == 3 * MESSAGES / 4) {
                        fault.join();
                        republishedBeforeCut = publisher.republished();
                        closeFromBroker(publisherName);
                    }
                    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                            .messageId("m-" + i).build();
                    confirms.add(publisher.publish("", queue, props, new byte[64]));
                }
                assertThat(publisher.awaitConfirms(120, TimeUnit.SECONDS)).isTrue();
                fault.join();
                republished = publisher.republished();
            }
            List<String> confirmed = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                if (confirms.get(i).isDone() && !confirms.get(i).isCompletedExceptionally()) {
                    confirmed.add("m-" + i);
                }
            }
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> consumed.keySet().containsAll(confirmed));
            } catch (ConditionTimeoutException e) {
                // not all arrived: the counts printed and asserted below say how many were lost
            }
            consumer.close();
            long lost = confirmed.stream().filter(id -> !consumed.containsKey(id)).count();
            long duplicates = deliveries.get() - consumed.size();
            System.out.printf("republished=%d (held or unconfirmed when the connection failed; %d before the cut)%n",
                    republished, republishedBeforeCut);
            System.out.printf("confirmed=%d consumed_unique=%d lost=%d duplicates=%d%n", confirmed.size(),
                    consumed.size(), lost, duplicates);
            assertThat(confirmed).hasSize(MESSAGES);
            assertThat(lost).isZero();
            assertThat(republished).as("the faults reached the publisher").isPositive();
        }
    }

    /**
     * Closes the client's connection from the broker side with rabbitmqctl, which sees the cluster's connections at
     * once (the management API lists them only after its next statistics round, slow on a loaded node).
     */
    private static void closeFromBroker(String clientName) throws Exception {
        String node = "rabbit-c1@" + java.net.InetAddress.getLocalHost().getHostName().split("\\.")[0];
        String pid = await("a connection of " + clientName + " on the cluster").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> connectionPid(node, clientName), found -> found != null);
        Broker.rabbitmqctl("-n", node, "close_connection", pid, "rabbittune chaos test");
    }

    private static String connectionPid(String node, String clientName) {
        for (String line : Broker.rabbitmqctl("-n", node, "list_connections", "pid", "client_properties")
                .split("\n")) {
            if (line.contains(clientName)) {
                return line.split("\t")[0].trim();
            }
        }
        return null;
    }
}
