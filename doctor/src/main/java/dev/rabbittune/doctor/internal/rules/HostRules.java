package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.Severity;
import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;

/** The machine under the broker: memory, kernel settings, cgroup limits, storage. Silent when not local. */
final class HostRules {

    private static final long GIB = 1024L * 1024 * 1024;
    /** File systems served by one server over the network: usable with low, stable latency (a warning). */
    private static final Set<String> NETWORK_FS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs");
    /** FUSE file systems that are local: lxcfs and rootless containers' overlay. */
    private static final Set<String> LOCAL_FUSE = Set.of("fuse.lxcfs", "fuse.fuse-overlayfs");
    /** Distributed file systems: their latency and consistency break message stores (critical). */
    private static final Set<String> DISTRIBUTED_FS = Set.of("ceph", "glusterfs", "fuse.glusterfs", "fuse.ceph",
            "fuse.ceph-fuse", "fuse.cephfs", "lustre", "gpfs", "ocfs2", "gfs2", "beegfs", "fuse.juicefs", "fuse.s3fs");

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
            "Clients with heartbeats off are only found dead by TCP keepalive, and AMQP sockets have none unless "
                    + "tcp_listen_options.keepalive = true (RabbitMQ's default listen options leave it off); with it "
                    + "on, the kernel's 2-hour default still holds dead connections' descriptors and unacked "
                    + "messages for hours.",
            "clients: turn heartbeats on (60 s default); or rabbitmq.conf: tcp_listen_options.keepalive = true "
                    + "(with the rest of the list, which one key replaces) and sysctl.d/60-rabbitmq.conf: "
                    + "net.ipv4.tcp_keepalive_time = 60, tcp_keepalive_intvl = 10, tcp_keepalive_probes = 4",
            Docs.NETWORKING);
    static final Advice FIN_TIMEOUT = new Advice("host-tcp-fin-timeout-extreme", Scope.HOST,
            "A tcp_fin_timeout of a few seconds (a common copy-paste 'optimisation') can cut legitimate slow "
                    + "closes; the networking guide suggests 15-30 s under churn.",
            "sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_fin_timeout = 30", Docs.NETWORKING);
    static final Advice CGROUP_CPU = new Advice("host-cpu-quota-below-schedulers", Scope.HOST,
            "More Erlang schedulers are online than the cgroup CPU quota has cores: they fight for the quota and "
                    + "get throttled. (Since OTP 23 the VM caps its online schedulers at the quota by itself; more "
                    + "than that means +S or +SP forced them, or the runtime is older.)",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"+S N:N\" in rabbitmq-env.conf with N = the quota in cores",
            Docs.RUNTIME);
    static final Advice FSYNC = new Advice("host-fsync-slow", Scope.HOST,
            "Quorum queues, streams and persistent messages with confirms wait for fsync on the data directory's "
                    + "file system; slow fsync caps throughput and raises publish latency. The thresholds are "
                    + "rabbittune's heuristics (a local SSD syncs 4 KiB in well under a few ms), not the "
                    + "checklist's, which asks for fast local storage without a number.",
            "put the data dir on a local SSD/NVMe volume", Docs.PRODUCTION);
    static final Advice NETWORK_STORAGE = new Advice("host-data-dir-on-network-fs", Scope.HOST,
            "The data directory is on a network or distributed file system. The production checklist accepts "
                    + "network storage with low, stable latency (NFS or SMB: a warning); distributed file systems "
                    + "such as CephFS or GlusterFS stall or corrupt message stores (critical).",
            "move the data dir (RABBITMQ_MNESIA_BASE) to a local disk, or to a low-latency block volume",
            Docs.PRODUCTION);
    static final Advice BUSY_WAIT = new Advice("host-scheduler-busy-wait", Scope.HOST,
            "The node's Erlang schedulers busy-wait before sleeping (RabbitMQ's start script turns this off by "
                    + "default since 3.8.12, so something overrode it); on a small or shared host this burns CPU "
                    + "that other processes and the broker's own I/O need.",
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
                Rule.of(KEEPALIVE.id(), HostRules::keepalive),
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

    /**
     * Kernel keepalive settings act on a socket only with SO_KEEPALIVE, which RabbitMQ's default
     * {@code tcp_listen_options} (backlog, nodelay, linger, exit_on_close) do not set; heartbeats find dead peers
     * without it. So: with keepalive on the listener, a long keepalive time is the finding; with it off, only
     * connections without heartbeats make keepalive matter, and the fix turns it on with the whole list.
     */
    static List<Finding> keepalive(Snapshot s) {
        HostFacts h = s.host();
        Long time = h == null ? null : h.sysctlLong("net.ipv4.tcp_keepalive_time");
        List<ListenerFacts> amqp = s.broker().overview().listeners().stream()
                .filter(l -> "amqp".equals(l.protocol()) || "amqp/ssl".equals(l.protocol())).toList();
        if (time == null || time < 3600 || amqp.isEmpty()) {
            return List.of();
        }
        boolean keepaliveOn = amqp.stream().anyMatch(l -> "true".equals(l.socketOpts().get("keepalive")));
        long withoutHeartbeat = s.broker().connections().stream()
                .filter(c -> c.heartbeatSeconds() != null && c.heartbeatSeconds() == 0).count();
        if (keepaliveOn) {
            return List.of(KEEPALIVE.finding(INFO, h.hostname(), Evidence.of("net.ipv4.tcp_keepalive_time", time,
                    "tcp_listen_options.keepalive", true), "sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_keepalive_time "
                    + "= 60, net.ipv4.tcp_keepalive_intvl = 10, net.ipv4.tcp_keepalive_probes = 4"));
        }
        if (withoutHeartbeat == 0) {
            return List.of(); // heartbeats find dead peers; the kernel's keepalive never runs on these sockets
        }
        return List.of(KEEPALIVE.finding(INFO, h.hostname(), Evidence.of("net.ipv4.tcp_keepalive_time", time,
                "tcp_listen_options.keepalive", false, "connectionsWithoutHeartbeat", withoutHeartbeat),
                "clients: turn heartbeats on (60 s default); or rabbitmq.conf: " + listenOptionsWithKeepalive(amqp)
                        + ", and sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_keepalive_time = 60, "
                        + "net.ipv4.tcp_keepalive_intvl = 10, net.ipv4.tcp_keepalive_probes = 4"));
    }

    /** The {@code tcp_listen_options.*} keys of the schema (rabbit.schema / tcp_listen_options.partial, 3.10-4.3). */
    private static final Set<String> LISTEN_OPTION_KEYS = Set.of("backlog", "nodelay", "buffer", "delay_send",
            "dontroute", "exit_on_close", "high_msgq_watermark", "high_watermark", "keepalive", "low_msgq_watermark",
            "low_watermark", "priority", "recbuf", "send_timeout", "send_timeout_close", "sndbuf", "tos");
    /** RabbitMQ's default list (deps/rabbit/Makefile, 3.10.25 and 4.3.5 alike). */
    private static final Map<String, String> DEFAULT_LISTEN_OPTIONS = Map.of("backlog", "128", "nodelay", "true",
            "linger", "[true, 0]", "exit_on_close", "false");

    /**
     * The plain AMQP listener's current options plus keepalive, as rabbitmq.conf lines, because one key replaces
     * the whole list. Only the schema's keys are kept (a TLS listener's options also carry certfile, verify …,
     * which are no tcp_listen_options); without a plain listener, RabbitMQ's default list.
     */
    static String listenOptionsWithKeepalive(List<ListenerFacts> amqp) {
        Map<String, String> opts = new java.util.TreeMap<>(amqp.stream().filter(l -> "amqp".equals(l.protocol()))
                .map(ListenerFacts::socketOpts).findFirst().orElse(DEFAULT_LISTEN_OPTIONS));
        List<String> lines = new java.util.ArrayList<>();
        opts.forEach((key, value) -> {
            if (key.equals("linger")) {
                // the API shows linger as [true, 0]
                String[] parts = value.replaceAll("[\\[\\] ]", "").split(",");
                if (parts.length == 2) {
                    lines.add("tcp_listen_options.linger.on = " + parts[0]);
                    lines.add("tcp_listen_options.linger.timeout = " + parts[1]);
                }
            } else if (LISTEN_OPTION_KEYS.contains(key) && !key.equals("keepalive")) {
                lines.add("tcp_listen_options." + key + " = " + value);
            }
        });
        lines.add("tcp_listen_options.keepalive = true");
        return String.join(", ", lines);
    }

    /**
     * Compares the schedulers online with the quota. Since OTP 23 the VM limits SchedulersOnline to the quota
     * ({@link VersionFact#SCHEDULERS_FOLLOW_CPU_QUOTA}), so there only a measured {@code erlang_vm_schedulers_online}
     * above it is a finding; on older runtimes the node's {@code processors} (logical CPUs, which is what the VM
     * starts schedulers for) are compared.
     */
    static List<Finding> cgroupCpu(Snapshot s) {
        HostFacts h = s.host();
        if (h == null || h.cgroupCpuQuotaCores() == null) {
            return List.of();
        }
        // the VM rounds quota / period down (at least 1) when it limits its schedulers; so does the fix
        long quota = Math.max(1, (long) Math.floor(h.cgroupCpuQuotaCores()));
        BrokerRelease release = BrokerRelease.of(s);
        Integer online = s.broker().prometheus() == null ? null : s.broker().prometheus().schedulersOnline();
        // a measured number of online schedulers is the answer whatever the runtime (OTP 23 already follows a
        // cgroup v1 quota); without one, logical processors are what an older VM starts
        if (online != null || release.has(VersionFact.SCHEDULERS_FOLLOW_CPU_QUOTA)) {
            return online != null && online > quota ? List.of(CGROUP_CPU.finding(WARNING, h.hostname(),
                    Evidence.of("schedulersOnline", online, "cpuQuotaCores", h.cgroupCpuQuotaCores(), "otp",
                            s.broker().overview().erlangVersion()), sizedSchedulers(h))) : List.of();
        }
        return s.broker().nodes().stream()
                .filter(n -> n.processors() != null && n.processors() > quota)
                .map(n -> CGROUP_CPU.finding(WARNING, n.name(), Evidence.of("logicalProcessors", n.processors(),
                        "cpuQuotaCores", h.cgroupCpuQuotaCores(), "otp", s.broker().overview().erlangVersion()),
                        sizedSchedulers(h)))
                .toList();
    }

    private static String sizedSchedulers(HostFacts h) {
        long cores = Math.max(1, (long) Math.floor(h.cgroupCpuQuotaCores()));
        return "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"+S " + cores + ":" + cores + "\" in rabbitmq-env.conf";
    }

    /** Rated only when measured on the data dir's file system: elsewhere the figure says nothing about it. */
    static Finding fsync(HostFacts h) {
        if (h.fsync() == null || !h.fsync().sameFsAsData()) {
            return null;
        }
        double p50 = h.fsync().p50Millis();
        // heuristics, not documented limits: 10 ms is spinning-disk or throttled-volume class, 50 ms stalls confirms
        if (p50 <= 10) {
            return null;
        }
        return FSYNC.finding(p50 > 50 ? CRITICAL : WARNING, h.hostname(), Evidence.of("fsyncP50Millis",
                Evidence.round(p50), "fsyncMaxMillis", Evidence.round(h.fsync().maxMillis()), "measuredIn",
                h.fsync().path(), "thresholds", "heuristic: p50 above 10 ms warning, above 50 ms critical"));
    }

    static Finding networkStorage(HostFacts h) {
        if (h.dataDir() == null || h.dataDir().fsType() == null) {
            return null;
        }
        String type = h.dataDir().fsType();
        // other FUSE mounts are mostly network or object stores (gcsfuse, rclone, s3 ...): a warning, except the
        // local ones of containers
        boolean fuseNetwork = type.startsWith("fuse.") && !LOCAL_FUSE.contains(type);
        Severity severity = DISTRIBUTED_FS.contains(type) ? CRITICAL
                : NETWORK_FS.contains(type) || fuseNetwork ? WARNING : null;
        return severity == null ? null : NETWORK_STORAGE.finding(severity, h.dataDir().path(), Evidence.of(
                "fsType", type, "mountPoint", h.dataDir().mountPoint(), "kind",
                severity == CRITICAL ? "distributed file system" : "network file system"));
    }

    /**
     * Fires only for a flag the VM runs with that is not {@code none}: RabbitMQ's start script passes
     * {@code +sbwt none +sbwtdcpu none +sbwtdio none} by default since 3.8.12, so a default node is silent.
     */
    static Finding busyWait(HostFacts h) {
        Map<String, String> flags = h.brokerBusyWait();
        if (flags == null) {
            return null;
        }
        Map<String, String> busy = new LinkedHashMap<>();
        flags.forEach((flag, value) -> {
            if (!"none".equals(value)) {
                busy.put(flag, value);
            }
        });
        int cores = h.cgroupCpuQuotaCores() != null ? (int) Math.ceil(h.cgroupCpuQuotaCores()) : h.cpuCores();
        if (busy.isEmpty() || cores > 4) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        busy.forEach((flag, value) -> evidence.put("-" + flag, value));
        evidence.put("cores", cores);
        String fix = "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"" + busy.keySet().stream().map(f -> "+" + f + " none")
                .collect(Collectors.joining(" ")) + "\" in rabbitmq-env.conf (or remove the override of "
                + "RABBITMQ_SERVER_ERL_ARGS that dropped RabbitMQ's default of none)";
        return BUSY_WAIT.finding(INFO, h.hostname(), evidence, fix);
    }
}
