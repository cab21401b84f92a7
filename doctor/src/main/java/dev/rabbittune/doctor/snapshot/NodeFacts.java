package dev.rabbittune.doctor.snapshot;

import java.util.List;

/**
 * One cluster member from {@code /api/nodes}. A node that is down reports little more than its name: its numbers
 * are null.
 *
 * @param name               e.g. rabbit@host
 * @param running            false when the node is down
 * @param version            RabbitMQ version of the node (its {@code rabbit} application)
 * @param processors         schedulers online (Erlang sees the cores)
 * @param memUsedBytes       memory used
 * @param memLimitBytes      memory high watermark in bytes
 * @param memAlarm           memory alarm in effect
 * @param diskFreeBytes      free space of the data dir
 * @param diskFreeLimitBytes disk free limit
 * @param diskFreeAlarm      disk alarm in effect
 * @param fdUsed             file descriptors used
 * @param fdTotal            file descriptor limit
 * @param socketsUsed        sockets used
 * @param socketsTotal       socket limit
 * @param procUsed           Erlang processes used
 * @param procTotal          Erlang process limit
 * @param runQueue           Erlang scheduler run queue length
 * @param partitions         nodes this node cannot see (a network partition)
 * @param dbDir              data directory
 * @param osPid              OS process id of the Erlang VM
 * @param uptimeMillis       time since start
 * @param netTicktimeSeconds the node's {@code net_ticktime}, null when not reported
 * @param clusterLinks       the nodes it has an Erlang distribution link to ({@code cluster_links[].name})
 * @param erlangVersion      the node's own Erlang/OTP version ({@code erlang_version}, reported per node from
 *                           4.2.4; null before, when only {@code /api/overview} gives the answering node's)
 */
public record NodeFacts(String name, boolean running, String version, Integer processors, Long memUsedBytes,
        Long memLimitBytes, boolean memAlarm, Long diskFreeBytes, Long diskFreeLimitBytes, boolean diskFreeAlarm,
        Long fdUsed, Long fdTotal, Long socketsUsed, Long socketsTotal, Long procUsed, Long procTotal,
        Long runQueue, List<String> partitions, String dbDir, String osPid, Long uptimeMillis,
        Integer netTicktimeSeconds, List<String> clusterLinks, String erlangVersion) {

    public NodeFacts {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        clusterLinks = clusterLinks == null ? List.of() : List.copyOf(clusterLinks);
    }
}
