package dev.rabbittune.doctor.snapshot;

import java.util.Map;

/**
 * The machine the broker runs on, read from /proc and /sys (Linux).
 *
 * @param hostname                  host name
 * @param cpuCores                  online processors seen by the OS
 * @param memTotalBytes             MemTotal from /proc/meminfo
 * @param swapTotalBytes            SwapTotal from /proc/meminfo
 * @param cgroupMemoryLimitBytes    cgroup memory limit (v2 memory.max or v1 limit_in_bytes), null when unlimited
 * @param cgroupCpuQuotaCores       cgroup CPU quota in cores (cpu.max quota / period), null when unlimited
 * @param sysctl                    selected /proc/sys values by sysctl name (net.core.somaxconn …)
 * @param brokerOpenFilesSoftLimit  "Max open files" soft limit of the broker process, null when not visible
 * @param brokerBusyWait            the scheduler busy-wait flags on the broker VM's command line: {@code sbwt},
 *                                  {@code sbwtdcpu}, {@code sbwtdio} to their value ({@code none}, {@code short} …),
 *                                  "default" for a flag not given; null when the command line is not visible
 * @param dataDir                   the broker's data directory and its file system
 * @param fsync                     fsync latency measured on the data dir's file system (or the temp dir)
 */
public record HostFacts(String hostname, int cpuCores, Long memTotalBytes, Long swapTotalBytes,
        Long cgroupMemoryLimitBytes, Double cgroupCpuQuotaCores, Map<String, String> sysctl,
        Long brokerOpenFilesSoftLimit, Map<String, String> brokerBusyWait, DataDirFacts dataDir, FsyncFacts fsync) {

    public HostFacts {
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
        brokerBusyWait = brokerBusyWait == null ? null : Map.copyOf(brokerBusyWait);
    }

    /** The memory the broker can really use: the cgroup limit when lower than the RAM. */
    public Long effectiveMemoryBytes() {
        if (cgroupMemoryLimitBytes != null && (memTotalBytes == null || cgroupMemoryLimitBytes < memTotalBytes)) {
            return cgroupMemoryLimitBytes;
        }
        return memTotalBytes;
    }

    /** A sysctl as a number, or null when absent or not numeric (tcp_rmem style triples are not). */
    public Long sysctlLong(String name) {
        String value = sysctl.get(name);
        try {
            return value == null ? null : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
