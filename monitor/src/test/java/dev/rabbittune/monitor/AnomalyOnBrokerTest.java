package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anomalies induced on the real broker: a slowed-down canary queue, a consumer that stops. */
@NeedsBroker
class AnomalyOnBrokerTest {

    private static final String BACKLOG_QUEUE = "rabbittune-mon-backlog";

    @AfterEach
    void restore() throws Exception {
        Monitor.cleanup(TestMonitors.settings(Broker.URI, 100));
    }

    /**
     * The canary's quorum queue suspended 60 ms out of every 80 for 15 s (its Raft server process, from the
     * broker's own Erlang shell): end-to-end latency rises from a few ms to tens, which must be said as an anomaly.
     */
    @Test
    void aSlowedDownQueueIsACanaryLatencyAnomaly() throws Exception {
        String signal = "rabbittune_anomaly{signal=\"canary_latency:" + Broker.node() + "\"}";
        try (Monitor monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100)
                .withAnomalyWarmup(Duration.ofSeconds(15)))) {
            // the detector's warm-up: 60 canary samples, 15 s at one every 250 ms, and a few more
            await().atMost(Duration.ofSeconds(60)).until(() -> Scrapes.of(monitor, "rabbittune_canary_received_total"
                    + "{node=\"" + Broker.node() + "\"}") >= 68);
            assertThat(Scrapes.of(monitor, signal)).as("no anomaly on a healthy broker").isEqualTo(0.0);

            Thread slowdown = new Thread(() -> {
                try {
                    Broker.rabbitmqctl("eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, "
                            + "<<\"" + monitor.canaryQueue(Broker.node()) + "\">>)), {Name, _} = amqqueue:get_pid(Q), "
                            + "P = whereis(Name), [begin erlang:suspend_process(P), timer:sleep(60), "
                            + "erlang:resume_process(P), timer:sleep(20) end || _ <- lists:seq(1, 190)], ok.");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            slowdown.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> Scrapes.of(monitor, signal) == 1.0);
            slowdown.join();
        }
    }

    /** A consumer keeping up with 200 msg/s, then stopped: the backlog grows by 200 a second. */
    @Test
    void aConsumerThatStopsIsABacklogGrowthAnomaly() throws Exception {
        ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor();
        try (Connection connection = new Connections(new ConnectionSettings(List.of(Broker.URI), 10, false,
                false)).open("monitor-backlog-test"); Channel publisher = connection.createChannel();
                Channel consumer = connection.createChannel()) {
            publisher.queueDeclare(BACKLOG_QUEUE, false, false, false, Map.of());
            String tag = consumer.basicConsume(BACKLOG_QUEUE, true, (t, d) -> { }, t -> { });
            publishing.scheduleAtFixedRate(() -> {
                try {
                    publisher.basicPublish("", BACKLOG_QUEUE, null, new byte[16]);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
            MonitorSettings settings = new MonitorSettings(TestMonitors.settings(Broker.URI, 100).connection(),
                    new java.net.InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ofSeconds(1), new MonitorSettings.QueueFilter(null, null, 100))
                    .withAnomalyWarmup(Duration.ofSeconds(12));
            try (Monitor monitor = Monitor.start(settings)) {
                String signal = "rabbittune_anomaly{signal=\"backlog_growth\"}";
                // warm-up: 12 samples of 5 s differences, a read a second
                await().atMost(Duration.ofSeconds(60)).until(() -> Scrapes.of(monitor,
                        "rabbittune_broker_read_seconds_count") >= 20);
                assertThat(Scrapes.of(monitor, signal)).as("no anomaly while the consumer keeps up").isEqualTo(0.0);

                consumer.basicCancel(tag);
                await().atMost(Duration.ofSeconds(20)).until(() -> Scrapes.of(monitor, signal) == 1.0);
            } finally {
                publishing.shutdownNow();
                publisher.queueDelete(BACKLOG_QUEUE);
            }
        }
    }
}
