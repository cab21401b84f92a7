package dev.rabbittune.doctor.config;

import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.BrokerFacts;
import dev.rabbittune.doctor.snapshot.ConnectionFacts;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;

/**
 * The facts of a snapshot the generated configuration is sized from, each with where it came from.
 *
 * @param memoryBytes       memory the broker can use (cgroup limit or RAM), null when nothing tells
 * @param memorySource      how {@code memoryBytes} was found, for the README
 * @param containerLimited  true when a cgroup memory limit below the RAM applies
 * @param cores             processors (host, else the nodes' schedulers), at least 1
 * @param cpuQuotaCores     cgroup CPU quota in cores, null when none
 * @param nodes             cluster members, at least 1
 * @param queues            queues
 * @param quorumQueues      quorum queues
 * @param connections       client connections
 * @param channels          channels
 * @param maxChannelsPerConnection the most channels one connection holds
 * @param connectionChurnPerSecond connections opened per second
 * @param dataDirTotalBytes size of the data dir's file system, null when not visible
 * @param fileMax           the host's fs.file-max, null when not visible
 * @param version           RabbitMQ version, null when unknown
 * @param busyWaitFlagsNotNone the scheduler busy-wait flags ({@code sbwt}, {@code sbwtdcpu}, {@code sbwtdio}) the
 *                          node runs with that are not {@code none}; when the command line was not visible, all
 *                          three before 3.8.12 and none after (the start script gives all three as none since)
 * @param release           the broker's release facts (version, OTP, metadata store)
 */
record ConfigInputs(Long memoryBytes, String memorySource, boolean containerLimited, int cores,
        Double cpuQuotaCores, int nodes, long queues, long quorumQueues, long connections, long channels,
        int maxChannelsPerConnection, double connectionChurnPerSecond, Long dataDirTotalBytes, Long fileMax,
        String version, java.util.List<String> busyWaitFlagsNotNone, BrokerRelease release) {

    static ConfigInputs of(Snapshot snapshot) {
        BrokerFacts broker = snapshot.broker();
        BrokerRelease release = BrokerRelease.of(broker);
        HostFacts host = snapshot.host();
        Long memory = host == null ? null : host.effectiveMemoryBytes();
        String memorySource = memory == null ? null : host.cgroupMemoryLimitBytes() != null
                && host.cgroupMemoryLimitBytes().equals(memory) ? "cgroup memory limit" : "MemTotal of the host";
        if (memory == null) {
            memory = memoryFromWatermark(broker);
            memorySource = memory == null ? "unknown" : "node mem_limit / its watermark (host not probed)";
        }
        int cores = host != null && host.cpuCores() > 0 ? host.cpuCores()
                : broker.nodes().stream().map(NodeFacts::processors).filter(p -> p != null && p > 0)
                        .max(Integer::compare).orElse(1);
        boolean container = host != null && host.cgroupMemoryLimitBytes() != null
                && (host.memTotalBytes() == null || host.cgroupMemoryLimitBytes() < host.memTotalBytes());
        return new ConfigInputs(memory, memorySource, container, cores,
                host == null ? null : host.cgroupCpuQuotaCores(), Math.max(1, broker.nodes().size()),
                Math.max(broker.queues().size(), broker.overview().totals().queues()),
                broker.queues().stream().filter(QueueFacts::isQuorum).count(),
                Math.max(broker.connections().size(), broker.overview().totals().connections()),
                Math.max(broker.channels().size(), broker.overview().totals().channels()),
                broker.connections().stream().mapToInt(ConnectionFacts::channels).max().orElse(0),
                broker.overview().rates().connectionCreated(),
                host == null || host.dataDir() == null ? null : host.dataDir().totalBytes(),
                host == null ? null : host.sysctlLong("fs.file-max"), broker.overview().rabbitmqVersion(),
                busyWaitNotNone(host, release), release);
    }

    /** Seen on the command line; not seen: all three on a release whose start script does not pass none. */
    private static java.util.List<String> busyWaitNotNone(HostFacts host, BrokerRelease release) {
        if (host == null || host.brokerBusyWait() == null) {
            return release.rabbitmq() != null && !release.has(VersionFact.START_SCRIPT_DISABLES_BUSY_WAIT)
                    ? java.util.List.of("sbwt", "sbwtdcpu", "sbwtdio") : java.util.List.of();
        }
        return host.brokerBusyWait().entrySet().stream().filter(e -> !"none".equals(e.getValue()))
                .map(java.util.Map.Entry::getKey).sorted().toList();
    }

    /**
     * Without host facts the RAM follows from a running node's {@code mem_limit} and the watermark it was set with
     * (the rabbitmq.conf value when visible, else the default of the version: 0.4 before 4.0, 0.6 since).
     */
    private static Long memoryFromWatermark(BrokerFacts broker) {
        Long limit = broker.nodes().stream().filter(NodeFacts::running).map(NodeFacts::memLimitBytes)
                .filter(l -> l != null && l > 0).findFirst().orElse(null);
        if (limit == null || broker.configValue("vm_memory_high_watermark.absolute") != null) {
            return null;
        }
        String configured = broker.configValue("vm_memory_high_watermark.relative");
        double relative;
        try {
            relative = configured != null ? Double.parseDouble(configured.trim())
                    : BrokerRelease.of(broker).has(VersionFact.DEFAULT_WATERMARK_0_6) ? 0.6 : 0.4;
        } catch (NumberFormatException e) {
            return null;
        }
        return relative > 0 ? Math.round(limit / relative) : null;
    }

    /** True when the version is known and below major.minor. */
    boolean versionBelow(int major, int minor) {
        return release.rabbitmq() != null && !release.rabbitmq().atLeast(major, minor, 0);
    }

    /** Queues, connections and channels: what the management statistics have to collect. */
    long statisticsObjects() {
        return queues + connections + channels;
    }
}
