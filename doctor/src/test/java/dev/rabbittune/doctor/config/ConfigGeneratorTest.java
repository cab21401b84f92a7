package dev.rabbittune.doctor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.SnapshotBuilder;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator sizes each setting from the snapshot and writes files that say how to install them. */
class ConfigGeneratorTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    /** A 3-node cluster of 8-core, 10 GiB hosts with 10,000 queues and 2,000 connections. */
    static SnapshotBuilder bigCluster() {
        SnapshotBuilder b = SnapshotBuilder.healthy();
        b.version = "3.10.8";
        b.totals = new Overview.ObjectTotals(2_000, 4_000, 500, 10_000, 20);
        return b;
    }

    @Test
    void threeNodesWithManyObjectsGetPauseMinoritySlowerStatisticsAndABiggerBacklog() {
        GeneratedConfig config = ConfigGenerator.generate(bigCluster().build());

        assertThat(config.rabbitmqConfValue("cluster_partition_handling")).isEqualTo("pause_minority");
        assertThat(config.rabbitmqConfValue("queue_leader_locator")).isEqualTo("balanced");
        assertThat(config.rabbitmqConfValue("vm_memory_high_watermark.relative")).isEqualTo("0.6");
        assertThat(Long.parseLong(config.rabbitmqConfValue("disk_free_limit.absolute"))).isEqualTo(6 * GIB);
        assertThat(config.rabbitmqConfValue("collect_statistics_interval")).isEqualTo("30000");
        assertThat(config.rabbitmqConfValue("tcp_listen_options.backlog")).isEqualTo("4096");
        // any tcp_listen_options key replaces the default list, so the other defaults are written too
        assertThat(config.rabbitmqConfValue("tcp_listen_options.linger.timeout")).isEqualTo("0");
        assertThat(config.systemd()).extracting(ConfigSetting::key, ConfigSetting::value)
                .contains(org.assertj.core.groups.Tuple.tuple("LimitNOFILE", "65536"));
    }

    @Test
    void twoNodesGetAutohealWithTheReasonAndAdviceToAddANode() {
        SnapshotBuilder b = bigCluster();
        b.nodes.remove(2);

        GeneratedConfig config = ConfigGenerator.generate(b.build());

        assertThat(config.rabbitmqConfValue("cluster_partition_handling")).isEqualTo("autoheal");
        assertThat(config.notes()).anySatisfy(n -> assertThat(n).contains("add a third node"));
    }

    @Test
    void aSingleNodeGetsNoPartitionHandlingNorLeaderLocator() {
        SnapshotBuilder b = SnapshotBuilder.healthy();
        b.nodes.subList(1, 3).clear();

        GeneratedConfig config = ConfigGenerator.generate(b.build());

        assertThat(config.rabbitmqConfValue("cluster_partition_handling")).isNull();
        assertThat(config.rabbitmqConfValue("queue_leader_locator")).isNull();
        assertThat(config.rabbitmqConfValue("tcp_listen_options.backlog")).isNull();
        assertThat(config.rabbitmqConfValue("collect_statistics_interval")).isEqualTo("5000");
    }

    @Test
    void aContainerMemoryLimitGivesAnAbsoluteWatermarkBelowIt() {
        SnapshotBuilder b = SnapshotBuilder.healthy();
        b.host.cgroupMem = 2 * GIB;

        GeneratedConfig config = ConfigGenerator.generate(b.build());

        assertThat(config.rabbitmqConfValue("vm_memory_high_watermark.relative")).isNull();
        long watermark = Long.parseLong(config.rabbitmqConfValue("vm_memory_high_watermark.absolute"));
        assertThat(watermark).isBetween(GIB, 2 * GIB * 7 / 10);
        // 2 GiB cannot hold 4x the 512 MiB WAL the quorum queues use
        assertThat(Long.parseLong(config.rabbitmqConfValue("raft.wal_max_size_bytes"))).isLessThan(512L << 20);
    }

    @Test
    void manyConnectionsRaiseTheFileLimitAndTheErlangPortTable() {
        SnapshotBuilder b = bigCluster();
        b.totals = new Overview.ObjectTotals(40_000, 40_000, 0, 10_000, 20);

        GeneratedConfig config = ConfigGenerator.generate(b.build());

        assertThat(config.systemd()).extracting(s -> s.key() + "=" + s.value())
                .contains("LimitNOFILE=131072", "Environment=ERL_MAX_PORTS=131072");
        assertThat(config.sysctl()).extracting(s -> s.key() + " = " + s.value())
                .contains("net.core.somaxconn = 65535");
    }

    @Test
    void withoutHostFactsTheMemoryFollowsFromTheNodesLimitAndDefaultWatermark() {
        SnapshotBuilder b = bigCluster();
        b.host = null;
        b.node(0).memLimit = 4 * GIB;   // 0.4 (3.10 default) of 10 GiB

        GeneratedConfig config = ConfigGenerator.generate(b.build());

        assertThat(Long.parseLong(config.rabbitmqConfValue("disk_free_limit.absolute"))).isEqualTo(6 * GIB);
        assertThat(config.sizedFrom()).anySatisfy(l -> assertThat(l).contains("host not probed"));
    }

    @Test
    void filesAreWrittenWithACommentPerLineAndAReadmeExplainingEachLine() throws IOException {
        GeneratedConfig config = ConfigGenerator.generate(bigCluster().build());

        List<Path> written = config.writeTo(dir.resolve("out"));

        assertThat(written).extracting(p -> dir.resolve("out").relativize(p).toString()).containsExactly(
                "rabbitmq.conf", "sysctl.d/60-rabbitmq.conf", "systemd/rabbitmq-server.service.d/limits.conf",
                "README.md");
        String conf = Files.readString(dir.resolve("out/rabbitmq.conf"));
        assertThat(conf).contains("\n# 3 nodes: after a partition", "\ncluster_partition_handling = pause_minority\n");
        assertThat(Files.readString(dir.resolve("out/systemd/rabbitmq-server.service.d/limits.conf")))
                .contains("[Service]\n", "\nLimitNOFILE=65536\n");
        String readme = Files.readString(dir.resolve("out/README.md"));
        for (ConfigSetting setting : config.rabbitmqConf()) {
            assertThat(readme).contains("`" + setting.key() + " = " + setting.value() + "`");
        }
        assertThat(readme).contains("queues: 10000", "connections: 2000", "sudo sysctl --system",
                "systemctl daemon-reload", "Nothing on the host", "no `advanced.config`");
    }

    /**
     * Every key is one the installed broker's schema knows (the test machine has RabbitMQ 3.10.8). It needs the
     * broker installed (scripts/test installs it), so it is a broker test: it fails without one, never skips.
     */
    @NeedsBroker
    @Test
    void everyRabbitmqConfKeyExistsInTheInstalledBrokersSchema() throws IOException {
        Path lib = Path.of("/usr/lib/rabbitmq/lib");
        assertThat(lib).as("RabbitMQ installed (scripts/broker install)").isDirectory();
        Set<String> mappings = schemaMappings(lib);
        SnapshotBuilder container = bigCluster();
        container.host.cgroupMem = 2 * GIB;
        SnapshotBuilder twoNodes = bigCluster();
        twoNodes.nodes.remove(2);

        for (SnapshotBuilder b : List.of(bigCluster(), container, twoNodes)) {
            for (ConfigSetting setting : ConfigGenerator.generate(b.build()).rabbitmqConf()) {
                assertThat(mappings.stream().anyMatch(m -> matches(m, setting.key())))
                        .as("%s is a key of the broker's schema", setting.key()).isTrue();
            }
        }
    }

    private static Set<String> schemaMappings(Path lib) throws IOException {
        Pattern mapping = Pattern.compile("\\{mapping,\\s*\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(lib)) {
            return files.filter(p -> p.toString().endsWith(".schema")).flatMap(p -> {
                try {
                    Matcher m = mapping.matcher(Files.readString(p));
                    return m.results().map(r -> r.group(1)).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet());
        }
    }

    /** Schema mappings use {@code $name} for any one segment. */
    private static boolean matches(String mapping, String key) {
        return key.matches(Pattern.quote(mapping).replaceAll("\\$[a-z_]+", "\\\\E[^.]+\\\\Q"));
    }
}
