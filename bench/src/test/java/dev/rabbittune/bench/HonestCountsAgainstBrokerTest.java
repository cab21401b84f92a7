package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counts that account for every message and latencies that hide nothing, on the real broker: runs bounded by time,
 * without confirms and over NIO are checked against the broker's own counters, and a broker stall (a memory alarm)
 * in the middle or at the end of a fixed-rate run shows in the latency or in the missed and undelivered counts.
 */
@NeedsBroker
class HonestCountsAgainstBrokerTest {

    @AfterEach
    void clearAlarm() {
        Broker.clearMemoryAlarm(); // also after a failed test: an alarm left on blocks every later test
    }

    /** Runs {@code yaml} and returns its result and the broker's message_stats of its queue, once caught up. */
    private static void assertBrokerCounted(String yaml, ConnectionSettingsChoice io) throws Exception {
        List<String> queues = new ArrayList<>();
        Engine engine = new Engine(TestRuns.workload(yaml), TestRuns.settings(), io.mode, new RunListener() {
            @Override
            public void started(Workload w, BrokerInfo b, String exchange, List<String> names) {
                queues.addAll(names);
            }
        }, true);
        Result r = engine.run();
        try {
            assertThat(r.drained()).isTrue();
            assertThat(r.counts().undelivered()).isZero();
            assertThat(r.counts().received()).isEqualTo(r.counts().sent());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode stats = Broker.API.queue("/", queues.get(0)).orElseThrow().path("message_stats");
                assertThat(stats.path("publish").asLong()).isEqualTo(r.counts().sent());
                assertThat(stats.path("deliver").asLong() + stats.path("deliver_no_ack").asLong())
                        .isEqualTo(r.counts().received());
            });
        } finally {
            TestRuns.withChannel(ch -> ch.queueDelete(queues.get(0)));
        }
    }

    private enum ConnectionSettingsChoice {
        BLOCKING(IoMode.BLOCKING), NIO(IoMode.NIO);

        final IoMode mode;

        ConnectionSettingsChoice(IoMode mode) {
            this.mode = mode;
        }
    }

    @Test
    void aDurationBoundedConfirmedRunMatchesTheBrokersCounters() throws Exception {
        assertBrokerCounted("duration: 3\nconfirm: 64\nprefetch: 100\nmulti-ack-every: 20\nsize: 100\n",
                ConnectionSettingsChoice.BLOCKING);
    }

    @Test
    void anUnconfirmedRunMatchesTheBrokersCounters() throws Exception {
        // flat out without confirms the queue can hold more than 10 s of consuming (the default drain) on a busy
        // machine (seen once in CI): what is checked is the counts, so the drain may take longer
        assertBrokerCounted("duration: 3\nprefetch: 100\nmulti-ack-every: 20\nsize: 100\ndrain-timeout: 60\n",
                ConnectionSettingsChoice.BLOCKING);
    }

    @Test
    void anNioRunMatchesTheBrokersCounters() throws Exception {
        assertBrokerCounted("producers: 2\nconsumers: 2\nduration: 3\nconfirm: 64\nprefetch: 100\nsize: 100\n",
                ConnectionSettingsChoice.NIO);
    }

    @Test
    void aStallAtTheEndOfAFixedRateRunIsCountedAsMissedAndUndeliveredWithAWarning() throws Exception {
        AtomicBoolean raised = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong alarmAtNanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong startNanos = new java.util.concurrent.atomic.AtomicLong();
        Result r = new Engine(TestRuns.workload("rate: 500\nfixed-rate: true\nduration: 5\nconfirm: 50\n"
                + "prefetch: 100\nsize: 64\ndrain-timeout: 2\n"), TestRuns.settings(), new RunListener() {
                    @Override
                    public void sample(Sample sample, double progress) {
                        startNanos.compareAndSet(0, System.nanoTime() - (long) (sample.elapsedSeconds() * 1e9));
                        if (sample.elapsedSeconds() >= 2.0 && raised.compareAndSet(false, true)) {
                            Broker.raiseMemoryAlarm(); // left on to the end of the run
                            alarmAtNanos.set(System.nanoTime());
                        }
                    }
                }, false).run();
        Broker.clearMemoryAlarm();
        // rabbitmqctl takes a second or more on a loaded machine: the stall is measured from when the alarm was on
        double stalledSeconds = 5 - (alarmAtNanos.get() - startNanos.get()) / 1e9;
        assertThat(stalledSeconds).as("the alarm was on before publishing stopped").isGreaterThan(0.5);
        assertThat(r.drained()).isFalse();
        assertThat(r.counts().missed()).as("slots due while the window was full")
                .isGreaterThan((long) (stalledSeconds * 500 * 0.6));
        assertThat(r.counts().undelivered()).as("sent into the blocked connection").isPositive();
        assertThat(r.counts().sent() + r.counts().missed()).isBetween(2400L, 2600L);
        assertThat(r.counts().received() + r.counts().undelivered()).isEqualTo(r.counts().sent());
        // the stalled seconds are latency: the oldest missed slot was due about when the alarm went on
        assertThat(r.latency().maxMs()).isGreaterThan(stalledSeconds * 1000 * 0.6);
        assertThat(r.latency().p99Ms()).isGreaterThan(stalledSeconds * 1000 * 0.4);
        assertThat(r.warnings()).anyMatch(w -> w.contains("fell due and were never sent"))
                .anyMatch(w -> w.contains("never arrived"));
    }

    @Test
    void aStallAtTheEndOfAPacedRunNotAtAFixedRateIsALowerRateNotMissedMessages() throws Exception {
        AtomicBoolean raised = new AtomicBoolean();
        Result r = new Engine(TestRuns.workload("rate: 500\nduration: 4\nconfirm: 50\nprefetch: 100\nsize: 64\n"
                + "drain-timeout: 2\n"), TestRuns.settings(), new RunListener() {
                    @Override
                    public void sample(Sample sample, double progress) {
                        if (sample.elapsedSeconds() >= 2.0 && raised.compareAndSet(false, true)) {
                            Broker.raiseMemoryAlarm(); // left on to the end of the run
                        }
                    }
                }, false).run();
        Broker.clearMemoryAlarm();
        assertThat(r.counts().missed()).as("no schedule was promised").isZero();
        assertThat(r.warnings()).noneMatch(w -> w.contains("fell due and were never sent"))
                .anyMatch(w -> w.contains("never arrived"));
        assertThat(r.rates().sent()).as("the stall lowered the rate").isLessThan(500 * 0.9);
    }

    @Test
    void aStallInTheMiddleOfAFixedRateRunShowsInTheTail() throws Exception {
        AtomicBoolean raised = new AtomicBoolean();
        AtomicBoolean cleared = new AtomicBoolean();
        Result r = new Engine(TestRuns.workload("rate: 500\nfixed-rate: true\nduration: 6\nconfirm: 50\n"
                + "prefetch: 100\nsize: 64\n"), TestRuns.settings(), new RunListener() {
                    @Override
                    public void sample(Sample sample, double progress) {
                        if (sample.elapsedSeconds() >= 1.5 && raised.compareAndSet(false, true)) {
                            Broker.raiseMemoryAlarm();
                        } else if (sample.elapsedSeconds() >= 3.5 && cleared.compareAndSet(false, true)) {
                            Broker.clearMemoryAlarm();
                        }
                    }
                }, false).run();
        assertThat(r.drained()).isTrue();
        assertThat(r.counts().missed()).isZero();
        assertThat(r.counts().received()).isEqualTo(r.counts().sent());
        // about 2 s blocked at 500 msg/s: a fifth of the messages waited, the oldest about 2 s
        assertThat(r.latency().maxMs()).isGreaterThan(1500);
        assertThat(r.latency().p99Ms()).isGreaterThan(1000);
        // per-second histograms add up to the run's
        Histogram merged = new Histogram(LatencyStats.HIGHEST_TRACKABLE_NANOS, LatencyStats.SIGNIFICANT_DIGITS);
        r.samples().forEach(s -> merged.add(Histograms.decode(s.latencyHistogram())));
        assertThat(merged.getTotalCount()).isEqualTo(r.latency().count());
        assertThat(merged.getMaxValue() / 1e6).isCloseTo(r.latency().maxMs(), org.assertj.core.api.Assertions.within(1.0));
    }

    @Test
    void theWarmUpIsLeftOutOfTheSummaryAndReportedApart() throws Exception {
        Result r = TestRuns.run("duration: 4\nwarmup: 2\nrate: 200\nprefetch: 50\nsize: 64\n");
        assertThat(r.warmupSeconds()).isBetween(1.9, 2.2);
        assertThat(r.samples()).anyMatch(s -> s.phase().equals("warmup")).anyMatch(s -> s.phase().equals("run"));
        assertThat(r.warmupLatency().count()).isPositive();
        assertThat(r.latency().count() + r.warmupLatency().count()).isEqualTo(r.counts().received());
        // the rate is over the measured seconds only
        assertThat(r.rates().sent()).isBetween(180.0, 220.0);
    }
}
