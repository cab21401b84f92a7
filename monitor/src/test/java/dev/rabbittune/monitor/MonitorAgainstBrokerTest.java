package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter against the real local broker: what it reads, what its canary measures, faults it must show. */
@NeedsBroker
class MonitorAgainstBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private boolean alarmRaised;
    private boolean appStopped;

    @AfterEach
    void restoreTheBroker() throws Exception {
        if (alarmRaised) {
            Broker.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
        }
        if (appStopped) {
            Broker.rabbitmqctl("start_app");
            Broker.rabbitmqctl("await_startup");
        }
        // the canary queue is bounded, but a test leaves nothing behind for the next one
        Monitor.cleanup(TestMonitors.settings(Broker.URI, 100));
    }

    @Test
    void theCanaryIsUpAndItsLatencyIsAHistogramWithFixedBuckets() throws Exception {
        try (Monitor monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100))) {
            String node = "{node=\"" + Broker.node() + "\"}";
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);

            String scrape = Scrapes.get(monitor);
            assertThat(scrape).contains("rabbittune_canary_latency_seconds_bucket{node=\"" + Broker.node()
                    + "\",le=\"0.1\"}").contains("rabbittune_canary_confirm_seconds_count" + node);
            assertThat(Scrapes.value(scrape, "rabbittune_broker_up").orElseThrow()).isEqualTo(1.0);
            assertThat(Scrapes.value(scrape, "rabbittune_node_running" + node).orElseThrow()).isEqualTo(1.0);
            assertThat(Scrapes.value(scrape, "rabbittune_node_memory_used_bytes" + node).orElseThrow())
                    .isGreaterThan(0);
            // counted from the exporter's start: the canary's own messages, once the broker's figures refresh (5 s)
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_messages_published_total") > 0);
            // the canary's queue is a quorum queue led by this node, and the exporter knows it is
            assertThat(Broker.API.queue("/", monitor.canaryQueue(Broker.node())).orElseThrow().path("type")
                    .asText()).isEqualTo("quorum");
            assertThat(Scrapes.value(Scrapes.get(monitor), "rabbittune_canary_leader_elsewhere" + node)).hasValue(0.0);
            assertThat(Scrapes.value(Scrapes.get(monitor), "rabbittune_canary_lost_total" + node)).hasValue(0.0);
        }
    }

    /**
     * The canary's quorum queue stopped for 2 s (its Raft server suspended from the broker's Erlang shell): the
     * messages sent meanwhile are timeouts (500 ms), then arrive within their TTL (5 s): late, not lost.
     */
    @Test
    void messagesHeldUpPastTheTimeoutAreLateNotLost() throws Exception {
        try (Monitor monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100))) {
            String node = "{node=\"" + Broker.node() + "\"}";
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);

            Broker.rabbitmqctl("eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\""
                    + monitor.canaryQueue(Broker.node()) + "\">>)), {Name, _} = amqqueue:get_pid(Q), "
                    + "P = whereis(Name), erlang:suspend_process(P), timer:sleep(2000), erlang:resume_process(P), ok.");

            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_late_total" + node) >= 3
                    && Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);
            String scrape = Scrapes.get(monitor);
            assertThat(Scrapes.value(scrape, "rabbittune_canary_timeouts_total" + node).orElseThrow())
                    .isGreaterThanOrEqualTo(Scrapes.value(scrape, "rabbittune_canary_late_total" + node)
                            .orElseThrow());
            // a loss is counted only after the TTL (5 s) and a timeout's grace: watch past that
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
                    Scrapes.of(monitor, "rabbittune_canary_lost_total" + node) == 0.0);
        }
    }

    /** A memory alarm blocks publishers: the canary's messages stop, which must show within two intervals. */
    @Test
    void aMemoryAlarmTakesTheCanaryDownWithTimeoutsAndItComesBack() throws Exception {
        try (Monitor monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100))) {
            String node = "{node=\"" + Broker.node() + "\"}";
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);
            double timeoutsBefore = Scrapes.of(monitor, "rabbittune_canary_timeouts_total" + node);

            alarmRaised = true;
            Broker.rabbitmqctl("set_vm_memory_high_watermark", "0.000001");
            // from the moment the broker has the alarm: its blocked publish fails at once, a timeout within two
            // intervals (500 ms) at the latest
            await().atMost(Duration.ofSeconds(30)).until(() -> Broker.API.nodes().get(0).path("mem_alarm")
                    .asBoolean());
            long alarmed = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> Scrapes.of(monitor,
                    "rabbittune_canary_up" + node) == 0.0);
            assertThat((System.nanoTime() - alarmed) / 1e9).as("seconds from the alarm to canary_up 0")
                    .isLessThan(1.5);
            await().atMost(Duration.ofSeconds(5)).until(() -> Scrapes.of(monitor, "rabbittune_canary_timeouts_total"
                    + node) > timeoutsBefore);
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrapes.of(monitor, "rabbittune_node_memory_alarm"
                    + node) == 1.0);

            Broker.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
            alarmRaised = false;
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);
        }
    }

    /** The broker stopped and started: the exporter keeps answering, says the broker is down, and recovers. */
    @Test
    void aBrokerRestartIsAnOutageTheExporterReportsAndRecoversFrom() throws Exception {
        try (Monitor monitor = Monitor.start(TestMonitors.settings(Broker.URI, 100))) {
            String node = "{node=\"" + Broker.node() + "\"}";
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);

            appStopped = true;
            Broker.rabbitmqctl("stop_app");
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 0.0);
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_broker_up") == 0.0);
            assertThat(Scrapes.of(monitor, "rabbittune_broker_read_errors_total")).isGreaterThan(0);

            Broker.rabbitmqctl("start_app");
            Broker.rabbitmqctl("await_startup");
            appStopped = false;
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_broker_up") == 1.0);
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up" + node) == 1.0);
        }
    }

    /** The same series, whichever source the per-queue figures come from (the plugin's or the management API's). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = MonitorSettings.BrokerSource.class, names = {"PLUGIN",
        "MANAGEMENT"})
    void onlyTheLargestBacklogsGetTheirOwnSeries(MonitorSettings.BrokerSource source) throws Exception {
        List<String> queues = List.of("rabbittune-mon-a", "rabbittune-mon-b", "rabbittune-mon-c");
        try (Connection connection = new Connections(new ConnectionSettings(List.of(Broker.URI), 10, false,
                false)).open("monitor-test"); Channel channel = connection.createChannel()) {
            for (int i = 0; i < queues.size(); i++) {
                channel.queueDeclare(queues.get(i), false, false, true, Map.of());
                for (int m = 0; m <= i * 10; m++) {
                    channel.basicPublish("", queues.get(i), null, new byte[1]);
                }
            }
            try (Monitor monitor = Monitor.start(new MonitorSettings(TestMonitors.settings(Broker.URI, 2)
                    .connection(), new java.net.InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1),
                    Duration.ZERO, Duration.ofSeconds(1), new MonitorSettings.QueueFilter("rabbittune-mon-.*", null,
                    2)).withBrokerSource(source))) {
                await().atMost(PATIENCE).until(() -> Scrapes.of(monitor,
                        "rabbittune_queue_messages{queue=\"rabbittune-mon-c\"}") == 21.0);
                String scrape = Scrapes.get(monitor);
                assertThat(Scrapes.value(scrape, "rabbittune_broker_source{source=\""
                        + source.name().toLowerCase(java.util.Locale.ROOT) + "\"}")).hasValue(1.0);
                assertThat(Scrapes.value(scrape, "rabbittune_queue_messages_ready{queue=\"rabbittune-mon-b\"}"))
                        .hasValue(11.0);
                assertThat(scrape).contains("type=\"classic\"");
                assertThat(scrape).contains("queue=\"rabbittune-mon-b\"").doesNotContain("queue=\"rabbittune-mon-a\"")
                        .doesNotContain("rabbittune_canary_up");
                assertThat(Scrapes.value(scrape, "rabbittune_queue_series_omitted").orElseThrow())
                        .isGreaterThanOrEqualTo(1);
            } finally {
                for (String queue : queues) {
                    channel.queueDelete(queue);
                }
            }
        }
    }

    @Test
    void credentialsNeverReachAMetric() throws Exception {
        Broker.API.put("/api/users/rabbittune-monitor-test", Map.of("password", "s3cret-pw-x", "tags",
                "monitoring"));
        Broker.API.put("/api/permissions/%2F/rabbittune-monitor-test", Map.of("configure", ".*", "write", ".*",
                "read", ".*"));
        try (Monitor monitor = Monitor.start(TestMonitors.settings(AmqpUri.parse(
                "amqp://rabbittune-monitor-test:s3cret-pw-x@localhost"), 100))) {
            await().atMost(PATIENCE).until(() -> Scrapes.of(monitor, "rabbittune_canary_up{node=\"" + Broker.node()
                    + "\"}") == 1.0);
            assertThat(Scrapes.get(monitor)).doesNotContain("s3cret-pw-x").doesNotContain("rabbittune-monitor-test");
        } finally {
            Broker.API.delete("/api/users/rabbittune-monitor-test");
        }
    }
}
