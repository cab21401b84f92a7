package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * PerfTest's consumer start options: {@code consumer-start-delay} lets a backlog build before the consumers start,
 * {@code slow-start} starts them a second apart, before the producers.
 */
@NeedsBroker
class ConsumerStartAgainstBrokerTest {

    @Test
    void delayedConsumersReceiveNothingForTheDelayThenDrainTheBacklog() throws Exception {
        List<Sample> samples = new CopyOnWriteArrayList<>();
        Result r = new Engine(TestRuns.workload("rate: 200\nduration: 4\nconsumer-start-delay: 2\nprefetch: 100\n"
                + "size: 64\n"), TestRuns.settings(), new RunListener() {
                    @Override
                    public void sample(Sample sample, double progress) {
                        samples.add(sample);
                    }
                }, false).run();
        assertThat(samples.stream().filter(s -> s.elapsedSeconds() <= 1.5))
                .as("no deliveries before the consumers start").isNotEmpty().allMatch(s -> s.received() == 0);
        assertThat(samples.stream().filter(s -> s.elapsedSeconds() > 2.5 && s.elapsedSeconds() <= 4))
                .as("deliveries once they have").anyMatch(s -> s.received() > 0);
        assertThat(r.drained()).isTrue();
        assertThat(r.counts().received()).isEqualTo(r.counts().sent());
        // the first messages waited in the queue for the consumers: about the delay
        assertThat(r.latency().maxMs()).isGreaterThan(1500);
    }

    @Test
    void aDelayLongerThanTheRunStartsTheConsumersWhenPublishingEndsSoTheRunStillDrains() throws Exception {
        Result r = TestRuns.run("rate: 100\nduration: 2\nconsumer-start-delay: 60\nprefetch: 100\nsize: 64\n");
        assertThat(r.drained()).isTrue();
        assertThat(r.counts().received()).isEqualTo(r.counts().sent()).isPositive();
    }

    @Test
    void consumersThatStartLateAndOneASecondEachTakeTheirMessageCountBeforeTheRunEnds() throws Exception {
        // the first consumer finds a backlog of 400 and takes its 100 at once; the run must wait for the second
        Result r = TestRuns.run("consumers: 2\nconsumer-start-delay: 2\nslow-start: true\ncmessages: 100\n"
                + "rate: 200\nduration: 8\nprefetch: 50\nsize: 64\n");
        assertThat(r.counts().received()).as("both consumers took their 100").isEqualTo(200);
    }

    @Test
    void slowStartStartsTheConsumersASecondApartBeforeTheProducers() throws Exception {
        long start = System.nanoTime();
        Result r = TestRuns.run("consumers: 2\nslow-start: true\nrate: 100\nduration: 2\nprefetch: 100\nsize: 64\n");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("2 s of consumer starts before 2 s of publishing").isGreaterThan(4);
        assertThat(r.publishSeconds()).isBetween(1.9, 2.5);
        assertThat(r.counts().received()).isEqualTo(r.counts().sent());
    }
}
