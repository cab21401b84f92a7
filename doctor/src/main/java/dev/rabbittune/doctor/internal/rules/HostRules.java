package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.Severity;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The machine under the broker: memory, kernel settings, cgroup limits, storage. Silent when not local. */
final class HostRules {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final Set<String> NETWORK_FS = Set.of("nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs",
            "9p", "lustre", "gpfs");

    static final Advice MEMORY = new Advice("host-memory-low", Scope.HOST,
            "Less than the 4 GiB of RAM the production checklist recommends: little room above the watermark "
                    + "for backlogs and connection buffers.", "run the node with at least 4 GiB of RAM",
            Docs.PRODUCTION);
    static final Advice SWAPPINESS = new Advice("host-swappiness-high", Scope.HOST,
            "Swap is enabled and the kernel swaps eagerly; a swapped-out Erlang VM stalls (and misses "
                    + "heartbeats and net ticks) instead of triggering the memory alarm.",
            "sysctl.d/60-rabbitmq.conf: vm.swappiness = 1", Docs.KERNEL_VM);
    static final Advice SOMAXCONN = new Advice("host-somaxconn-low", Scope.HOST,
            "The kernel caps every listen backlog at net.core.somaxconn; with many clients reconnecting at once "
                    + "(after a restart or failover) connections are dropped.",
            "sysctl.d/60-rabbitmq.conf: net.core.somaxconn = 4096, and rabbitmq.conf: "
                    + "tcp_listen_options.backlog = 4096", Docs.NETWORKING);
    static final Advice SYN_BACKLOG = new Advice("host-syn-backlog-low", Scope.HOST,
            "net.ipv4.tcp_max_syn_backlog limits half-open connections; reconnect storms overflow it.",
            "sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_max_syn_backlog = 4096", Docs.NETWORKING);
    static final Advice FILE_MAX = new Advice("host-file-max-low", Scope.HOST,
            "fs.file-max caps open files for the whole system, below what a broker with many connections needs.",
            "sysctl.d/60-rabbitmq.conf: fs.file-max = 2097152", Docs.INSTALL_DEBIAN_LIMITS);
    static final Advice KEEPALIVE = new Advice("host-tcp-keepalive-long", Scope.HOST,
            "With the kernel default of 2 hours, dead client connections that never send a heartbeat hold file "
                    + "descriptors and memory for hours.",
            "sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_keepalive_time = 60 (and tcp_keepalive_intvl = 10, "
                    + "tcp_keepalive_probes = 4)", Docs.NETWORKING);
    static final Advice FIN_TIMEOUT = new Advice("host-tcp-fin-timeout-extreme", Scope.HOST,
            "A tcp_fin_timeout of a few seconds (a common copy-paste 'optimisation') can cut legitimate slow "
                    + "closes; the networking guide suggests 15-30 s under churn.",
            "sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_fin_timeout = 30", Docs.NETWORKING);
    static final Advice CGROUP_CPU = new Advice("host-cpu-quota-below-schedulers", Scope.HOST,
            "The cgroup CPU quota is smaller than the schedulers Erlang started (one per visible core): the "
                    + "schedulers fight for the quota and get throttled.",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"+S N:N\" in rabbitmq-env.conf with N = the quota in cores",
            Docs.RUNTIME);
    static final Advice FSYNC = new Advice("host-fsync-slow", Scope.HOST,
            "Quorum queues, streams and persistent messages with confirms wait for fsync; slow fsync caps "
                    + "throughput and raises publish latency.",
            "put the data dir on a local SSD/NVMe volume", Docs.PRODUCTION);
    static final Advice NETWORK_STORAGE = new Advice("host-data-dir-on-network-fs", Scope.HOST,
            "The data directory is on a network file system; RabbitMQ needs local storage, and NFS-like "
                    + "semantics corrupt or stall message stores.", "move the data dir (RABBITMQ_MNESIA_BASE) to a "
                    + "local disk", Docs.PRODUCTION);
    static final Advice BUSY_WAIT = new Advice("host-scheduler-busy-wait", Scope.HOST,
            "Erlang schedulers busy-wait by default; on a small or shared host this burns CPU that other "
                    + "processes (and the broker's own I/O) need.",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"+sbwt none +sbwtdcpu none +sbwtdio none\"", Docs.RUNTIME);

    private HostRules() {
    }

    static List<Rule> rules() {
        return List.of(
                onHost(MEMORY, HostRules::memory),
                onHost(SWAPPINESS, HostRules::swappiness),
                onHost(SOMAXCONN, HostRules::somaxconn),
                onHost(SYN_BACKLOG, h -> below(SYN_BACKLOG, h, "net.ipv4.tcp_max_syn_backlog", 4096, INFO)),
                onHost(FILE_MAX, h -> below(FILE_MAX, h, "fs.file-max", 100_000, WARNING)),
                onHost(KEEPALIVE, HostRules::keepalive),
                onHost(FIN_TIMEOUT, h -> below(FIN_TIMEOUT, h, "net.ipv4.tcp_fin_timeout", 5, WARNING)),
                Rule.of(CGROUP_CPU.id(), HostRules::cgroupCpu),
                onHost(FSYNC, HostRules::fsync),
                onHost(NETWORK_STORAGE, HostRules::networkStorage),
                onHost(BUSY_WAIT, HostRules::busyWait));
    }

    private static Rule onHost(Advice advice, Function<HostFacts, Finding> check) {
        return Rule.of(advice.id(), s -> {
            Finding finding = s.host() == null ? null : check.apply(s.host());
            return finding == null ? List.of() : List.of(finding);
        });
    }

    static Finding memory(HostFacts h) {
        Long memory = h.effectiveMemoryBytes();
        return memory != null && memory < 4 * GIB ? MEMORY.finding(WARNING, h.hostname(),
                Evidence.of("memory", Evidence.bytes(memory), "memoryBytes", memory)) : null;
    }

    static Finding swappiness(HostFacts h) {
        Long swappiness = h.sysctlLong("vm.swappiness");
        boolean swap = h.swapTotalBytes() != null && h.swapTotalBytes() > 0;
        return swap && swappiness != null && swappiness > 10 ? SWAPPINESS.finding(INFO, h.hostname(),
                Evidence.of("vm.swappiness", swappiness, "swapTotalBytes", h.swapTotalBytes())) : null;
    }

    static Finding somaxconn(HostFacts h) {
        return below(SOMAXCONN, h, "net.core.somaxconn", 4096, INFO);
    }

    static Finding below(Advice advice, HostFacts h, String sysctl, long minimum, Severity s) {
        Long value = h.sysctlLong(sysctl);
        return value != null && value < minimum ? advice.finding(s, h.hostname(),
                Evidence.of(sysctl, value, "recommendedAtLeast", minimum)) : null;
    }

    static Finding keepalive(HostFacts h) {
        Long value = h.sysctlLong("net.ipv4.tcp_keepalive_time");
        return value != null && value >= 3600 ? KEEPALIVE.finding(INFO, h.hostname(),
                Evidence.of("net.ipv4.tcp_keepalive_time", value)) : null;
    }

    static List<Finding> cgroupCpu(Snapshot s) {
        HostFacts h = s.host();
        if (h == null || h.cgroupCpuQuotaCores() == null) {
            return List.of();
        }
        return s.broker().nodes().stream()
                .filter(n -> n.processors() != null && n.processors() > Math.ceil(h.cgroupCpuQuotaCores()))
                .map(n -> CGROUP_CPU.finding(WARNING, n.name(), Evidence.of("schedulers", n.processors(),
                        "cpuQuotaCores", h.cgroupCpuQuotaCores()), sizedSchedulers(n, h)))
                .toList();
    }

    private static String sizedSchedulers(NodeFacts n, HostFacts h) {
        long cores = Math.max(1, (long) Math.ceil(h.cgroupCpuQuotaCores()));
        return "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"+S " + cores + ":" + cores + "\" in rabbitmq-env.conf";
    }

    static Finding fsync(HostFacts h) {
        if (h.fsync() == null) {
            return null;
        }
        double p50 = h.fsync().p50Millis();
        // a local SSD fsyncs in well under a millisecond to a few; 10 ms is spinning-disk or throttled-volume class
        if (p50 <= 10) {
            return null;
        }
        return FSYNC.finding(p50 > 50 ? CRITICAL : WARNING, h.hostname(), Evidence.of("fsyncP50Millis",
                Evidence.round(p50), "fsyncMaxMillis", Evidence.round(h.fsync().maxMillis()), "measuredIn",
                h.fsync().path(), "sameFsAsData", h.fsync().sameFsAsData()));
    }

    static Finding networkStorage(HostFacts h) {
        if (h.dataDir() == null || h.dataDir().fsType() == null) {
            return null;
        }
        String type = h.dataDir().fsType();
        boolean network = NETWORK_FS.contains(type) || type.startsWith("fuse.") && !type.equals("fuse.lxcfs");
        return network ? NETWORK_STORAGE.finding(CRITICAL, h.dataDir().path(), Evidence.of("fsType", type,
                "mountPoint", h.dataDir().mountPoint())) : null;
    }

    static Finding busyWait(HostFacts h) {
        String sbwt = h.brokerSchedulerBusyWait();
        int cores = h.cgroupCpuQuotaCores() != null ? (int) Math.ceil(h.cgroupCpuQuotaCores()) : h.cpuCores();
        return sbwt != null && !sbwt.equals("none") && cores <= 4 ? BUSY_WAIT.finding(INFO, h.hostname(),
                Evidence.of("+sbwt", sbwt, "cores", cores)) : null;
    }
}
