package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Paced producers share a pacing thread; one producer's connection going down must not stop the others on that
 * thread: the thread does not wait for the recovery, it comes back to that producer later.
 */
@NeedsBroker
class PacedProducersAgainstBrokerTest {

    @Test
    void aProducerWhoseConnectionIsDownDoesNotStallTheOthersOnItsPacingThread() throws Exception {
        AtomicReference<Engine> engine = new AtomicReference<>();
        AtomicBoolean closing = new AtomicBoolean();
        AtomicLong closedAtMillis = new AtomicLong();
        AtomicReference<Throwable> closeFailed = new AtomicReference<>();
        List<Sample> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunListener closingProducer1 = new RunListener() {
            @Override
            public void sample(Sample sample, double progress) {
                samples.add(sample);
                if (sample.elapsedSeconds() >= 2 && closing.compareAndSet(false, true)) {
                    long runStartMillis = System.currentTimeMillis() - (long) (sample.elapsedSeconds() * 1000);
                    CompletableFuture.runAsync(() -> {
                        // off the sampler's thread: the management API lists a connection a few seconds late
                        String name = Broker.managementName("rabbittune-bench-" + engine.get().runId()
                                + "-producers-1");
                        Broker.closeFromBroker(name);
                        closedAtMillis.set(System.currentTimeMillis() - runStartMillis);
                    }).whenComplete((ok, failure) -> closeFailed.set(failure));
                }
            }
        };
        engine.set(new Engine(TestRuns.workload("producers: 2\nconsumers: 1\nrate: 100\nfixed-rate: true\n"
                + "duration: 9\nconfirm: 20\nprefetch: 100\nsize: 64\nchannels-per-connection: 1\n"
                + "pacing-threads: 1\n"), TestRuns.settings(), closingProducer1, false));
        Result r = engine.get().run();
        assertThat(closeFailed.get()).isNull();
        double closedAt = closedAtMillis.get() / 1000.0;
        assertThat(closedAt).as("the connection was closed early enough to see the outage").isBetween(2.0, 5.0);
        assertThat(r.outages()).as("the closed connection's outage").isNotEmpty();
        // amqp-client retries a recovery after 5 s: in the seconds after the close, only producer 0 sends, at
        // its 100 msg/s (a pacing thread waiting for producer 1's recovery would send nothing)
        List<Sample> during = samples.stream().filter(s -> s.elapsedSeconds() > closedAt + 1
                && s.elapsedSeconds() <= closedAt + 3.5).toList();
        assertThat(during).isNotEmpty().allSatisfy(s -> assertThat(s.sentRate()).as("sent/s at %.1f s",
                s.elapsedSeconds()).isGreaterThan(60));
        // a message in flight when the broker closed the connection is unconfirmed, never lost without a word
        assertThat(r.counts().lost()).isZero();
        assertThat(r.counts().undelivered()).isLessThanOrEqualTo(r.counts().unconfirmed());
        assertThat(r.counts().received()).isGreaterThanOrEqualTo(r.counts().sent() - r.counts().unconfirmed());
    }
}
