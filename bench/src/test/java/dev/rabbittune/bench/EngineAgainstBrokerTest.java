package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.client.topology.InvalidTopologyException;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs real workloads against the local broker and checks the counts against the broker's own. */
@NeedsBroker
class EngineAgainstBrokerTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void countsEqualTheBrokersOwnCountersWhenTheRunDrains() throws Exception {
        String queue = unique("test-counts");
        String exchange = unique("test-counts-x");
        TestRuns.withChannel(ch -> {
            ch.exchangeDeclare(exchange, "direct", true);
            ch.queueDeclare(queue, true, false, false, null);
        });
        try {
            Result r = TestRuns.run("producers: 2\nconsumers: 2\nmessages: 5000\nconfirm: 64\nprefetch: 100\n"
                    + "multi-ack-every: 10\nsize: 200\nqueue: " + queue + "\nexchange: " + exchange + "\n");
            assertThat(r.drained()).isTrue();
            assertThat(r.counts().sent()).isEqualTo(10_000);
            assertThat(r.counts().confirmed()).isEqualTo(10_000);
            assertThat(r.counts().received()).isEqualTo(10_000);
            assertThat(r.latency().count()).isEqualTo(10_000);
            assertThat(r.confirmLatency().count()).isEqualTo(10_000);
            // the management API aggregates statistics every few seconds: wait for it to catch up
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode stats = Broker.API.queue("/", queue).orElseThrow().path("message_stats");
                assertThat(stats.path("publish").asLong()).isEqualTo(r.counts().sent());
                assertThat(stats.path("deliver").asLong()).isEqualTo(r.counts().received());
                assertThat(stats.path("ack").asLong()).isEqualTo(r.counts().received());
                JsonNode exchangeStats = Broker.API.exchange("/", exchange).orElseThrow().path("message_stats");
                assertThat(exchangeStats.path("publish_in").asLong()).isEqualTo(r.counts().sent());
                assertThat(exchangeStats.path("publish_out").asLong()).isEqualTo(r.counts().sent());
            });
            // it existed before the run, so the run leaves it alone
            assertThat(Broker.queueExists(queue)).isTrue();
        } finally {
            TestRuns.withChannel(ch -> {
                ch.queueDelete(queue);
                ch.exchangeDelete(exchange);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "quorum", "stream"})
    void everyQueueTypeCarriesEveryMessageAndIsRemovedAfterTheRun(String type) throws Exception {
        List<String> queues = new ArrayList<>();
        Result r = new Engine(TestRuns.workload("queue-type: " + type + "\nmessages: 2000\nconfirm: 100\n"
                + "prefetch: 100\nmulti-ack-every: 20\npersistent: true\nsize: 100\n"), TestRuns.settings(),
                new RunListener() {
                    @Override
                    public void started(Workload w, BrokerInfo b, String exchange, List<String> names) {
                        queues.addAll(names);
                        queues.add(exchange);
                        assertThat(Broker.API.queue("/", names.get(0)).orElseThrow().path("type").asText())
                                .isEqualTo(type);
                    }
                }, false).run();
        assertThat(r.counts().sent()).isEqualTo(2000);
        assertThat(r.counts().confirmed()).isEqualTo(2000);
        assertThat(r.counts().received()).isEqualTo(2000);
        assertThat(queues).hasSize(2);
        assertThat(Broker.queueExists(queues.get(0))).isFalse();
        assertThat(Broker.exchangeExists(queues.get(1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "topic", "headers"})
    void everyExchangeTypeRoutesEachProducerToItsQueue(String type) throws Exception {
        Result r = TestRuns.run("exchange-type: " + type + "\nproducers: 3\nconsumers: 3\nqueues: 3\n"
                + "messages: 1000\nconfirm: 50\nprefetch: 50\n");
        assertThat(r.counts().sent()).isEqualTo(3000);
        assertThat(r.counts().received()).isEqualTo(3000);
        assertThat(r.drained()).isTrue();
    }

    @Test
    void aFanoutExchangeDeliversEveryMessageToEveryQueue() throws Exception {
        Result r = TestRuns.run("exchange-type: fanout\nproducers: 1\nconsumers: 3\nqueues: 3\n"
                + "messages: 1000\nconfirm: 50\nauto-ack: true\n");
        assertThat(r.counts().sent()).isEqualTo(1000);
        assertThat(r.counts().received()).isEqualTo(3000);
    }

    @Test
    void transactionsCommitEveryMessage() throws Exception {
        Result r = TestRuns.run("messages: 1000\nproducer-tx-size: 100\nprefetch: 50\n");
        assertThat(r.counts().committed()).isEqualTo(1000);
        assertThat(r.counts().received()).isEqualTo(1000);
    }

    @Test
    void aTransactionTailIsCommittedAtTheEnd() throws Exception {
        Result r = TestRuns.run("messages: 150\nproducer-tx-size: 100\nprefetch: 50\n");
        assertThat(r.counts().committed()).isEqualTo(150);
        assertThat(r.counts().received()).isEqualTo(150);
    }

    @Test
    void pollingWithBasicGetReceivesEverything() throws Exception {
        Result r = TestRuns.run("messages: 500\npolling: true\nmulti-ack-every: 10\nconfirm: 50\n");
        assertThat(r.counts().received()).isEqualTo(500);
        assertThat(r.drained()).isTrue();
    }

    @Test
    void unroutableMandatoryMessagesAreCountedAsReturned() throws Exception {
        Result r = TestRuns.run("messages: 300\nmandatory: true\nrouting-key: nowhere\nconfirm: 50\n"
                + "drain-timeout: 3\n");
        assertThat(r.counts().sent()).isEqualTo(300);
        assertThat(r.counts().returned()).isEqualTo(300);
        assertThat(r.counts().received()).isZero();
        assertThat(r.warnings()).anyMatch(w -> w.contains("300 mandatory messages were returned"));
    }

    @Test
    void exclusiveAutoDeleteQueuesWork() throws Exception {
        Result r = TestRuns.run("messages: 500\nexclusive: true\nauto-delete: true\nconsumers: 2\nqueues: 2\n"
                + "producers: 2\nprefetch: 20\n");
        assertThat(r.counts().received()).isEqualTo(1000);
    }

    @Test
    void fixedRateIsAchievedWithinFivePercentAndLatencyIsFromTheIntendedTime() throws Exception {
        Result r = TestRuns.run("producers: 2\nrate: 500\nfixed-rate: true\nduration: 4\nprefetch: 100\n"
                + "size: 64\n");
        assertThat(r.rates().target()).isEqualTo(1000);
        assertThat(r.rates().sent()).isBetween(950.0, 1050.0);
        assertThat(r.warnings()).noneMatch(w -> w.contains("target"));
        // a healthy run misses nothing (a slot due in the last 10 ms before the stop is in flight, not missed);
        // a missed slot would be a latency sample too, at its age then
        assertThat(r.counts().missed()).isZero();
        assertThat(r.latency().count()).isEqualTo(r.counts().received());
    }

    @Test
    void manyRateLimitedProducersShareAFewPacingThreadsAndReachTheirTotalRate() throws Exception {
        Result r = TestRuns.run("producers: 300\nconsumers: 2\nrate: 10\nduration: 4\nprefetch: 500\n"
                + "channels-per-connection: 100\npacing-threads: 2\nauto-ack: true\n");
        assertThat(r.rates().target()).isEqualTo(3000);
        assertThat(r.rates().sent()).isBetween(2850.0, 3150.0);
    }

    @Test
    void rpcRepliesComeBackThroughDirectReplyTo() throws Exception {
        Result r = TestRuns.run("rpc: true\nproducers: 2\nconsumers: 1\nmessages: 300\nprefetch: 10\n"
                + "size: 64\n");
        assertThat(r.counts().sent()).isEqualTo(600);
        assertThat(r.counts().received()).isEqualTo(600);
        assertThat(r.latency().count()).isEqualTo(600);
    }

    @Test
    void aQueueArgumentTheBrokerWouldRejectIsRefusedByTheTopologyBuilderFirst() {
        assertThatThrownBy(() -> TestRuns.run("queue-args:\n  x-max-length: lots\nmessages: 1\n"))
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("x-max-length must be");
    }

    @Test
    void stopRequestEndsTheRunEarlyWithAPartialResultAndCleansUp() throws Exception {
        AtomicReference<Engine> engine = new AtomicReference<>();
        List<String> names = new ArrayList<>();
        engine.set(new Engine(TestRuns.workload("duration: 60\nrate: 100\n"), TestRuns.settings(),
                new RunListener() {
                    @Override
                    public void started(Workload w, BrokerInfo b, String exchange, List<String> queues) {
                        names.addAll(queues);
                    }

                    @Override
                    public void sample(Sample sample, double progress) {
                        if (sample.elapsedSeconds() >= 2) {
                            engine.get().requestStop();
                        }
                    }
                }, false));
        long start = System.nanoTime();
        Result r = engine.get().run();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
        assertThat(r.interrupted()).isTrue();
        assertThat(r.counts().sent()).isPositive();
        assertThat(Broker.queueExists(names.get(0))).isFalse();
    }
}
