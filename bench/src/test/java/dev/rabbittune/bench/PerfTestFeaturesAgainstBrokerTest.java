package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.rabbittune.testing.NeedsBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One real run per group of PerfTest's features: consumers, producers' pacing, message content, run control. */
@NeedsBroker
class PerfTestFeaturesAgainstBrokerTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void consumerLatencySlowsConsumersAndTransactionsCommitEveryMessage() throws Exception {
        // 1 ms per message: 200 messages take at least 0.2 s to consume
        Result r = TestRuns.run("messages: 200\nconsumer-latency: 1000\nctxsize: 10\nprefetch: 50\n");
        assertThat(r.counts().received()).isEqualTo(200);
        assertThat(r.totalSeconds()).isGreaterThanOrEqualTo(0.2);
    }

    @Test
    void variableRateAndSizeChangeOverTheRunAndZeroPauses() throws Exception {
        // 2 s at 50 msg/s, then 1 s paused, cycling, for 3 s: about 100 messages
        Result r = TestRuns.run("duration: 3\nvariable-rate: [\"50:2\", \"0:1\"]\n"
                + "variable-size: [\"100:1\", \"2000:2\"]\n");
        assertThat(r.counts().sent()).isBetween(80L, 120L);
        assertThat(r.counts().received()).isEqualTo(r.counts().sent());
    }

    @Test
    void bodyFilesPropertiesAndMillisStampsReachTheConsumer() throws Exception {
        String queue = unique("test-content");
        Path body = Files.createTempFile("rabbittune-body", ".json");
        Files.writeString(body, "{\"order\":1}");
        TestRuns.withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
        try {
            Result r = TestRuns.run("consumers: 0\nmessages: 10\nqueue: " + queue + "\nbody: " + body
                    + "\nbody-content-type: application/json\nuse-millis: true\n"
                    + "message-properties: {priority: 3, region: eu}\n");
            assertThat(r.counts().sent()).isEqualTo(10);
            AtomicReference<GetResponse> got = new AtomicReference<>();
            TestRuns.withChannel(ch -> got.set(ch.basicGet(queue, true)));
            assertThat(new String(got.get().getBody())).isEqualTo("{\"order\":1}");
            assertThat(got.get().getProps().getContentType()).isEqualTo("application/json");
            assertThat(got.get().getProps().getPriority()).isEqualTo(3);
            assertThat(got.get().getProps().getHeaders()).containsKeys("timestamp", "region");
            // a consumer-only run with --use-millis measures the latency of another run's messages
            Result consumer = TestRuns.run("producers: 0\nqueue: " + queue + "\nuse-millis: true\n"
                    + "exit-when: empty\n");
            assertThat(consumer.counts().received()).isEqualTo(9);
            assertThat(consumer.latency().count()).isEqualTo(9);
        } finally {
            TestRuns.withChannel(ch -> ch.queueDelete(queue));
            Files.deleteIfExists(body);
        }
    }

    @Test
    void consumerMessageCountEndsTheRunAndLeavesTheRestInTheQueue() throws Exception {
        String queue = unique("test-cmessages");
        TestRuns.withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
        try {
            TestRuns.run("consumers: 0\nmessages: 100\nqueue: " + queue + "\n");
            Result r = TestRuns.run("producers: 0\ncmessages: 30\nprefetch: 10\nqueue: " + queue + "\n");
            assertThat(r.counts().received()).isEqualTo(30);
            AtomicReference<Integer> left = new AtomicReference<>();
            TestRuns.withChannel(ch -> left.set(ch.queueDeclarePassive(queue).getMessageCount()));
            assertThat(left.get()).isEqualTo(70);
        } finally {
            TestRuns.withChannel(ch -> ch.queueDelete(queue));
        }
    }

    @Test
    void nackWithoutRequeueRejectsEveryDeliveryToTheDeadLetterQueue() throws Exception {
        String queue = unique("test-nack");
        String dead = queue + "-dead";
        TestRuns.withChannel(ch -> {
            ch.queueDeclare(dead, true, false, false, null);
            ch.queueDeclare(queue, true, false, false, java.util.Map.of("x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", dead));
        });
        try {
            Result r = TestRuns.run("messages: 100\nsize: 100\nprefetch: 10\nmulti-ack-every: 5\nnack: true\nrequeue: false\n"
                    + "queue: " + queue + "\n");
            assertThat(r.counts().received()).isEqualTo(100);
            assertThat(r.counts().duplicates()).isZero();
            AtomicReference<int[]> left = new AtomicReference<>();
            TestRuns.withChannel(ch -> left.set(new int[] {ch.queueDeclarePassive(queue).getMessageCount(),
                    ch.queueDeclarePassive(dead).getMessageCount()}));
            assertThat(left.get()).as("messages left in the queue, then dead-lettered (acked ones would not be)")
                    .containsExactly(0, 100);
        } finally {
            TestRuns.withChannel(ch -> {
                ch.queueDelete(queue);
                ch.queueDelete(dead);
            });
        }
    }

    @Test
    void nackWithRequeueGetsTheMessagesDeliveredAgainAndLeavesThemInTheQueue() throws Exception {
        String queue = unique("test-nack-requeue");
        TestRuns.withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
        try {
            Result r = TestRuns.run("messages: 50\nsize: 100\nconfirm: 10\nprefetch: 10\nmulti-ack-every: 5\n"
                    + "nack: true\ndrain-timeout: 1\nqueue: " + queue + "\n");
            assertThat(r.counts().duplicates()).as("redeliveries of the requeued messages").isPositive();
            // a requeued message goes back to its place at the head of the queue: the consumer gets the first ones
            // again and again, and the rest, never delivered, are reported as such
            assertThat(r.counts().undelivered()).isPositive();
            assertThat(r.warnings()).noneMatch(w -> w.contains("more than once"));
            assertThat(r.counts().lost()).as("confirmed, not delivered, but still in the queue: not judged").isEqualTo(-1);
            assertThat(r.warnings()).noneMatch(w -> w.contains("lost"));
            AtomicReference<Integer> left = new AtomicReference<>();
            TestRuns.withChannel(ch -> left.set(ch.queueDeclarePassive(queue).getMessageCount()));
            assertThat(left.get()).as("nothing was acked").isEqualTo(50);
            Result small = TestRuns.run("messages: 50\nprefetch: 10\nmulti-ack-every: 5\nnack: true\n"
                    + "drain-timeout: 1\nqueue: " + queue + "\n");
            assertThat(small.counts().undelivered()).as("unknowable without identities").isEqualTo(-1);
            assertThat(small.warnings()).anyMatch(w -> w.contains("a redelivery cannot be told"));
        } finally {
            TestRuns.withChannel(ch -> ch.queueDelete(queue));
        }
    }

    @Test
    void skippedBindingsRandomKeysAndChannelsPerConnection() throws Exception {
        Result unbound = TestRuns.run("messages: 50\nskip-binding-queues: true\ndrain-timeout: 1\n");
        assertThat(unbound.counts().sent()).isEqualTo(50);
        assertThat(unbound.counts().received()).isZero();
        Result random = TestRuns.run("messages: 50\nrandom-routing-key: true\nmandatory: true\n"
                + "drain-timeout: 1\n");
        assertThat(random.counts().returned()).isEqualTo(50);
        Result shared = TestRuns.run("producers: 4\nproducer-channel-count: 2\nconsumers: 2\n"
                + "consumer-channel-count: 1\nmessages: 25\ninterval: 2\n");
        assertThat(shared.counts().received()).isEqualTo(100);
    }
}
