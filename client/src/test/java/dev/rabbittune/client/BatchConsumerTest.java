package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The batch consumer against the real broker. */
@ExtendWith(Broker.CleanUp.class)
@NeedsBroker
class BatchConsumerTest {

    @Test
    void batchesAreBoundedEveryMessageIsHandledOnceAndTheQueueEndsEmpty() throws Exception {
        String queue = Broker.queue("batch");
        try (Connection connection = TestBroker.connect("test-batch"); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            for (int i = 0; i < 5_000; i++) {
                channel.basicPublish("", queue, null, Integer.toString(i).getBytes());
            }
            ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
            AtomicInteger seen = new AtomicInteger();
            BatchConsumer consumer = BatchConsumer.start(connection, queue,
                    BatchSettings.defaults().withBatch(100, Duration.ofMillis(20)).withConcurrency(2), batch -> {
                        sizes.add(batch.size());
                        seen.addAndGet(batch.size());
                    });
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.get() == 5_000);
            consumer.close();
            assertThat(sizes).allMatch(size -> size <= 100);
            assertThat(consumer.stats().handled()).isEqualTo(5_000);
            assertThat(consumer.stats().batches()).isLessThan(5_000 / 10);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Broker.API.queue("/", queue).orElseThrow().path("messages").asLong()).isZero());
            channel.queueDelete(queue);
        }
    }

    @Test
    void oneBadMessageIsDeadLetteredAndDoesNotPoisonItsBatch() throws Exception {
        String queue = Broker.queue("batch-poison");
        String dead = Broker.queue("batch-poison-dead");
        try (Connection connection = TestBroker.connect("test-batch-poison");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(dead, true, false, false, null);
            channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", dead));
            for (int i = 0; i < 50; i++) {
                channel.basicPublish("", queue, null, (i == 17 ? "poison" : "ok").getBytes());
            }
            AtomicInteger good = new AtomicInteger();
            BatchConsumer consumer = BatchConsumer.start(connection, queue,
                    BatchSettings.defaults().withBatch(50, Duration.ofMillis(200)), batch -> {
                        for (Delivery delivery : batch) {
                            if (new String(delivery.body()).equals("poison")) {
                                throw new IllegalArgumentException("cannot handle");
                            }
                        }
                        good.addAndGet(batch.size());
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().failed() == 1);
            consumer.close();
            assertThat(good.get()).isEqualTo(49);
            assertThat(consumer.stats()).isEqualTo(new BatchConsumer.Stats(49, 1, consumer.stats().batches()));
            await().atMost(Duration.ofSeconds(5)).until(() -> TestBroker.messagesReady(channel, dead) == 1);
            assertThat(new String(channel.basicGet(dead, true).getBody())).isEqualTo("poison");
            channel.queueDelete(queue);
            channel.queueDelete(dead);
        }
    }

    @Test
    void aHandlersAssertionErrorFailsOnlyItsMessageAndTheWorkerGoesOn() throws Exception {
        String queue = Broker.queue("batch-error");
        try (Connection connection = TestBroker.connect("test-batch-error");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            for (int i = 0; i < 30; i++) {
                channel.basicPublish("", queue, null, (i == 5 ? "bad" : "ok").getBytes());
            }
            AtomicInteger good = new AtomicInteger();
            BatchConsumer consumer = BatchConsumer.start(connection, queue,
                    BatchSettings.defaults().withBatch(10, Duration.ofMillis(100)), batch -> {
                        for (Delivery delivery : batch) {
                            if (new String(delivery.body()).equals("bad")) {
                                throw new AssertionError("a handler's own check failed");
                            }
                        }
                        good.addAndGet(batch.size());
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> good.get() == 29);
            consumer.close();
            assertThat(consumer.stats().failed()).isEqualTo(1);
            channel.queueDelete(queue);
        }
    }

    @Test
    void startFailsCleanlyWhenTheQueueDoesNotExistAndLeavesNoWorkerThread() throws Exception {
        String queue = Broker.queue("batch-missing");
        try (Connection connection = TestBroker.connect("test-batch-missing")) {
            assertThatThrownBy(() -> BatchConsumer.start(connection, queue,
                    BatchSettings.defaults().withConcurrency(3), batch -> { }))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(thread -> thread.getName().startsWith("rabbittune-batch-" + queue));
        }
    }

    @Test
    void closeHandlesAndAcknowledgesWhatWasAlreadyDelivered() throws Exception {
        String queue = Broker.queue("batch-close");
        try (Connection connection = TestBroker.connect("test-batch-close");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            for (int i = 0; i < 1_000; i++) {
                channel.basicPublish("", queue, null, new byte[10]);
            }
            AtomicInteger seen = new AtomicInteger();
            BatchConsumer consumer = BatchConsumer.start(connection, queue,
                    new BatchSettings(200, 50, Duration.ofMillis(10), 1, BatchSettings.FailurePolicy.REQUEUE),
                    batch -> {
                        Thread.sleep(20);
                        seen.addAndGet(batch.size());
                    });
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() > 0);
            consumer.close();
            long left = Broker.API.queue("/", queue).map(q -> q.path("messages").asLong()).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    TestBroker.messagesReady(channel, queue) + seen.get()).isEqualTo(1_000));
            assertThat(consumer.stats().handled()).isEqualTo(seen.get());
            assertThat(left).isGreaterThanOrEqualTo(0);
            channel.queueDelete(queue);
        }
    }

    @Test
    void settingsRejectAPrefetchSmallerThanTheBatch() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BatchSettings(10, 50, Duration.ofMillis(10), 1,
                BatchSettings.FailurePolicy.DEAD_LETTER)).hasMessageContaining("maxBatch <= prefetch");
        assertThat(List.of()).isEmpty();
    }
}
