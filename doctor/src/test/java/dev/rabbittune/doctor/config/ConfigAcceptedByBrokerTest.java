package dev.rabbittune.doctor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.SnapshotBuilder;
import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rabbitmq.conf boots a real RabbitMQ node ({@code scripts/broker try-config}: a throw-away node on
 * its own ports, stopped and deleted afterwards) and the node runs with the intended values.
 */
@NeedsBroker
class ConfigAcceptedByBrokerTest {

    private static final Path BROKER_SCRIPT = Path.of("..", "scripts", "broker");

    @TempDir
    Path dir;

    @Test
    void generatedRabbitmqConfBootsANodeWithTheIntendedValues() throws Exception {
        SnapshotBuilder cluster = ConfigGeneratorTest.bigCluster();
        cluster.host.cgroupMem = 3L << 30;   // 3 GiB container: absolute watermark and a smaller quorum WAL
        GeneratedConfig config = ConfigGenerator.generate(cluster.build());
        config.writeTo(dir);

        String output = tryConfig(dir.resolve(GeneratedConfig.RABBITMQ_CONF));

        String watermark = config.rabbitmqConfValue("vm_memory_high_watermark.absolute");
        assertThat(output).contains(
                "vm_memory_high_watermark.absolute => rabbit.vm_memory_high_watermark = {ok,{absolute,"
                        + watermark + "}}",
                "effective memory_limit_bytes = " + watermark,
                "disk_free_limit.absolute => rabbit.disk_free_limit = {ok,"
                        + config.rabbitmqConfValue("disk_free_limit.absolute") + "}",
                "cluster_partition_handling => rabbit.cluster_partition_handling = {ok,pause_minority}",
                "queue_leader_locator => rabbit.queue_leader_locator = {ok,<<\"balanced\">>}",
                "collect_statistics_interval => rabbit.collect_statistics_interval = {ok,30000}",
                "management.rates_mode => rabbitmq_management.rates_mode = {ok,basic}",
                "heartbeat => rabbit.heartbeat = {ok,30}",
                "channel_max => rabbit.channel_max = {ok,128}",
                "raft.wal_max_size_bytes => ra.wal_max_size_bytes = {ok,"
                        + config.rabbitmqConfValue("raft.wal_max_size_bytes") + "}");
        assertThat(output).containsPattern("tcp_listen_options.backlog => rabbit.tcp_listen_options = \\{ok,\\[.*"
                + "\\{backlog,4096\\}").contains("{nodelay,true}", "{linger,{true,0}}", "{exit_on_close,false}");
    }

    private static String tryConfig(Path conf) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(BROKER_SCRIPT.toString(), "try-config", conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
