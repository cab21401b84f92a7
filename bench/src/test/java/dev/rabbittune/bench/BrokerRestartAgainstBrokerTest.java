package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.core.RabbitTuneException;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A broker restart in the middle of a run ({@code rabbitmqctl stop_app} then {@code start_app}): the run rides
 * through it on automatic recovery and reports the outage, or with --stop-on-failure ends with the connection's
 * cause and a partial result.
 */
@NeedsBroker
class BrokerRestartAgainstBrokerTest {

    private static RunListener restartingAfter(double seconds, AtomicBoolean done) {
        AtomicBoolean started = new AtomicBoolean();
        return new RunListener() {
            @Override
            public void sample(Sample sample, double progress) {
                if (sample.elapsedSeconds() >= seconds && started.compareAndSet(false, true)) {
                    // off the sampler's thread: stop_app and start_app take seconds
                    CompletableFuture.runAsync(() -> {
                        try {
                            Broker.rabbitmqctl("stop_app");
                        } finally {
                            Broker.startApp();
                            done.set(true);
                        }
                    });
                }
            }
        };
    }

    @Test
    void aRunRidesThroughABrokerRestartAndReportsTheOutageAndEveryMessage() throws Exception {
        AtomicBoolean restarted = new AtomicBoolean();
        Result r = new Engine(TestRuns.workload("duration: 22\nrate: 200\nconfirm: 50\nprefetch: 100\n"
                + "persistent: true\nsize: 64\ndrain-timeout: 15\n"), TestRuns.settings(),
                restartingAfter(2, restarted), false).run();
        // the broker whole again before anything is asserted: a failed run must not leave it stopped for the next
        // tests (once, a run that gave up after 3 s left every later bench test with "connection refused")
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).untilTrue(restarted);
        assertThat(r.failure()).as("%s", r.failure()).isNull();
        assertThat(restarted).isTrue();
        assertThat(r.outages()).as("producer, consumer and admin connections went down").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(Result.Outage::recovered);
        assertThat(r.samples()).anyMatch(s -> s.connectionsDown() > 0);
        // publishing went on after the restart
        double restartEnd = r.outages().stream().mapToDouble(o -> o.startedAtSeconds() + o.durationSeconds()).max()
                .orElseThrow();
        assertThat(r.samples()).anyMatch(s -> s.elapsedSeconds() > restartEnd + 1 && s.sent() > 100
                && s.received() > 100);
        // persistent, confirmed messages in a durable queue survive a restart: none lost; every message is
        // either received or was never confirmed
        assertThat(r.counts().lost()).isZero();
        assertThat(r.counts().duplicates()).isGreaterThanOrEqualTo(0);
        assertThat(r.counts().undelivered()).isLessThanOrEqualTo(r.counts().unconfirmed());
        assertThat(r.warnings()).anyMatch(w -> w.contains("was down") && w.contains("recovered"));
    }

    @Test
    void withStopOnFailureARestartEndsTheRunWithTheConnectionsCauseAndAPartialResult() throws Exception {
        AtomicBoolean restarted = new AtomicBoolean();
        Result r = new Engine(TestRuns.workload("duration: 30\nrate: 200\nconfirm: 50\nprefetch: 100\n"
                + "size: 64\nstop-on-failure: true\n"), TestRuns.settings(), restartingAfter(2, restarted), false)
                .run();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilTrue(restarted);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().kind()).isEqualTo(RabbitTuneException.Kind.UNREACHABLE);
        assertThat(r.failure().exitCode()).as("the command sets the exit code, not the engine").isNull();
        // the broker's close frame, or (when a write hits the closed socket first) the reset it left
        assertThat(r.failure().message()).matches("(the broker closed the connection: CONNECTION_FORCED.*"
                + "|connection to the broker lost: .*)");
        assertThat(r.failure().hint()).contains("stop-on-failure").doesNotContain("--"); // flag names are cli's
        assertThat(r.publishSeconds()).isLessThan(10);
        assertThat(r.counts().sent()).isPositive();
        assertThat(r.samples()).isNotEmpty();
    }
}
