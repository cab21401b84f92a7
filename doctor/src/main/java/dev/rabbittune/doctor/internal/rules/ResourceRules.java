package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Per-node resources: memory and disk alarms and headroom, file descriptors, sockets, processes, CPU. */
final class ResourceRules {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    static final Advice MEMORY_ALARM = new Advice("memory-alarm", Scope.BROKER,
            "The memory alarm is in effect: every publishing connection in the cluster is blocked until memory "
                    + "use falls below the watermark.",
            "rabbitmq-diagnostics memory_breakdown -n NODE to see what grows; add consumers or length limits "
                    + "(policy max-length); raise vm_memory_high_watermark.relative = 0.6 only if RAM allows",
            Docs.ALARMS);
    static final Advice MEMORY_HEADROOM = new Advice("memory-headroom-low", Scope.BROKER,
            "Less than 512 MiB between memory use and the watermark: the next burst raises the memory alarm and "
                    + "blocks publishers.",
            "find the growing category (rabbitmq-diagnostics memory_breakdown); drain backlogs; set length "
                    + "limits; or give the node more RAM", Docs.MEMORY);
    static final Advice WATERMARK_RANGE = new Advice("memory-watermark-out-of-range", Scope.BROKER,
            "The memory high watermark is outside the 0.4-0.7 of usable memory the production checklist advises: "
                    + "too high risks the OOM killer, too low blocks publishers early.",
            "vm_memory_high_watermark.relative = 0.6", Docs.PRODUCTION);
    static final Advice DISK_ALARM = new Advice("disk-alarm", Scope.BROKER,
            "The disk alarm is in effect: publishers are blocked cluster-wide until free space is above the limit.",
            "free space on the data dir's file system or grow it; drain backlogs", Docs.DISK);
    static final Advice DISK_HEADROOM = new Advice("disk-headroom-low", Scope.BROKER,
            "Little free space above the disk free limit: a backlog or a quorum-queue WAL burst will trigger "
                    + "the disk alarm and block publishers.",
            "grow the data dir's file system or drain queues", Docs.DISK);
    static final Advice DISK_LIMIT = new Advice("disk-free-limit-below-memory", Scope.BROKER,
            "The disk free limit is below the memory watermark (50 MB is the development default): a node paging "
                    + "messages to disk can fill it completely before the alarm fires.",
            "disk_free_limit.absolute = <the memory watermark or more, e.g. 4GiB>", Docs.PRODUCTION);
    static final Advice FD_USAGE = new Advice("file-descriptors-near-limit", Scope.BROKER,
            "File descriptors are nearly exhausted: new connections are refused and queues cannot open files.",
            "raise the limit: systemd override LimitNOFILE=65536 (the config files rabbittune doctor writes on request"
                    + " include it)", Docs.NETWORKING);
    static final Advice FD_LIMIT = new Advice("file-descriptor-limit-low", Scope.BROKER,
            "The open-files limit of the node is below the 50,000 the production checklist recommends; each "
                    + "connection and queue file uses one.",
            "systemd override: [Service] LimitNOFILE=65536 (the config files rabbittune doctor writes on request"
                    + " include it)",
            Docs.PRODUCTION);
    static final Advice SOCKETS = new Advice("sockets-near-limit", Scope.BROKER,
            "The node's socket limit is nearly reached: new client connections will be refused.",
            "raise LimitNOFILE (sockets are a share of it); find connection leaks in clients", Docs.NETWORKING);
    static final Advice PROCESSES = new Advice("erlang-processes-near-limit", Scope.BROKER,
            "Erlang processes are nearly exhausted (each connection, channel and queue uses some); at the limit "
                    + "the node cannot create connections or queues.",
            "RABBITMQ_MAX_NUMBER_OF_PROCESSES=2000000 in rabbitmq-env.conf; find leaked channels/queues",
            Docs.RUNTIME);
    static final Advice RUN_QUEUE = new Advice("erlang-run-queue-high", Scope.BROKER,
            "The Erlang run queue is longer than twice the schedulers: the node is CPU-bound and latency grows.",
            "more cores, fewer connections/channels, or collect_statistics_interval = 30000 to cut stats work",
            Docs.RUNTIME);
    static final Advice CORES = new Advice("cpu-cores-low", Scope.BROKER,
            "The node has fewer than the 4 cores the production checklist recommends; queues, connections and "
                    + "stats compete for them.",
            "run the node on at least 4 cores (4 GiB RAM)", Docs.PRODUCTION);

    private ResourceRules() {
    }

    static List<Rule> rules() {
        return List.of(
                perNode(MEMORY_ALARM, ResourceRules::memoryAlarm),
                perNode(MEMORY_HEADROOM, ResourceRules::memoryHeadroom),
                perNode(WATERMARK_RANGE, ResourceRules::watermarkRange),
                perNode(DISK_ALARM, ResourceRules::diskAlarm),
                perNode(DISK_HEADROOM, ResourceRules::diskHeadroom),
                perNode(DISK_LIMIT, ResourceRules::diskLimit),
                perNode(FD_USAGE, (s, n) -> usage(FD_USAGE, n, n.fdUsed(), n.fdTotal(), "fd")),
                perNode(FD_LIMIT, ResourceRules::fdLimit),
                perNode(SOCKETS, (s, n) -> usage(SOCKETS, n, n.socketsUsed(), n.socketsTotal(), "sockets")),
                perNode(PROCESSES, (s, n) -> usage(PROCESSES, n, n.procUsed(), n.procTotal(), "processes")),
                perNode(RUN_QUEUE, ResourceRules::runQueue),
                perNode(CORES, ResourceRules::cores));
    }

    /** A rule evaluated on every running node. */
    private static Rule perNode(Advice advice, BiFunction<Snapshot, NodeFacts, Finding> check) {
        return Rule.of(advice.id(), snapshot -> {
            List<Finding> findings = new ArrayList<>();
            for (NodeFacts node : snapshot.broker().nodes()) {
                Finding finding = node.running() ? check.apply(snapshot, node) : null;
                if (finding != null) {
                    findings.add(finding);
                }
            }
            return findings;
        });
    }

    static Finding memoryAlarm(Snapshot s, NodeFacts n) {
        return n.memAlarm() ? MEMORY_ALARM.finding(CRITICAL, n.name(),
                Evidence.of("memUsedBytes", n.memUsedBytes(), "memLimitBytes", n.memLimitBytes())) : null;
    }

    static Finding memoryHeadroom(Snapshot s, NodeFacts n) {
        if (n.memAlarm() || n.memUsedBytes() == null || n.memLimitBytes() == null) {
            return null;
        }
        long headroom = n.memLimitBytes() - n.memUsedBytes();
        // the official Grafana dashboard turns orange below 512 MiB of headroom
        return headroom < 512 * MIB ? MEMORY_HEADROOM.finding(WARNING, n.name(), Evidence.of("headroom",
                Evidence.bytes(headroom), "memUsedBytes", n.memUsedBytes(), "memLimitBytes", n.memLimitBytes()))
                : null;
    }

    static Finding watermarkRange(Snapshot s, NodeFacts n) {
        HostFacts host = s.host();
        Long usable = host == null ? null : host.effectiveMemoryBytes();
        if (usable == null || n.memLimitBytes() == null || usable == 0) {
            return null;
        }
        double ratio = (double) n.memLimitBytes() / usable;
        boolean cgroupBelowWatermark = host.cgroupMemoryLimitBytes() != null && ratio > 1.0;
        if (ratio >= 0.4 - 0.01 && ratio <= 0.7 + 0.01) {
            return null;
        }
        // a watermark above the cgroup limit means the kernel OOM-kills the node before the alarm can fire
        String fix = host.cgroupMemoryLimitBytes() != null
                ? "vm_memory_high_watermark.absolute = " + (long) (usable * 0.6 / MIB) + "MiB (60% of the cgroup "
                        + "limit; the relative value is computed from host RAM on older releases)"
                : WATERMARK_RANGE.fix();
        return WATERMARK_RANGE.finding(cgroupBelowWatermark ? CRITICAL : WARNING, n.name(),
                Evidence.of("watermarkRatio", Evidence.round(ratio), "memLimitBytes", n.memLimitBytes(),
                        "usableMemoryBytes", usable, "cgroupLimited", host.cgroupMemoryLimitBytes() != null), fix);
    }

    static Finding diskAlarm(Snapshot s, NodeFacts n) {
        return n.diskFreeAlarm() ? DISK_ALARM.finding(CRITICAL, n.name(),
                Evidence.of("diskFreeBytes", n.diskFreeBytes(), "diskFreeLimitBytes", n.diskFreeLimitBytes())) : null;
    }

    static Finding diskHeadroom(Snapshot s, NodeFacts n) {
        if (n.diskFreeAlarm() || n.diskFreeBytes() == null || n.diskFreeLimitBytes() == null) {
            return null;
        }
        long headroom = n.diskFreeBytes() - n.diskFreeLimitBytes();
        // dashboard thresholds: red below 1 GiB, orange below 5 GiB of headroom
        if (headroom >= 5 * GIB) {
            return null;
        }
        return DISK_HEADROOM.finding(headroom < GIB ? CRITICAL : WARNING, n.name(),
                Evidence.of("headroom", Evidence.bytes(headroom), "diskFreeBytes", n.diskFreeBytes(),
                        "diskFreeLimitBytes", n.diskFreeLimitBytes()));
    }

    static Finding diskLimit(Snapshot s, NodeFacts n) {
        if (n.diskFreeLimitBytes() == null || n.memLimitBytes() == null
                || n.diskFreeLimitBytes() >= n.memLimitBytes()) {
            return null;
        }
        long sized = Math.max(GIB, (n.memLimitBytes() + GIB - 1) / GIB * GIB);
        // GiB, not GB: the broker reads GB as 10^9 bytes (rabbit_resource_monitor_misc:parse_information_unit),
        // so "6GB" would stay below a 6 GiB watermark
        return DISK_LIMIT.finding(WARNING, n.name(), Evidence.of("diskFreeLimitBytes", n.diskFreeLimitBytes(),
                "memLimitBytes", n.memLimitBytes()), "disk_free_limit.absolute = " + sized / GIB + "GiB");
    }

    static Finding usage(Advice advice, NodeFacts n, Long used, Long total, String what) {
        if (used == null || total == null || total == 0) {
            return null;
        }
        double ratio = (double) used / total;
        // the cluster operator's alert fires at 80 % for file descriptors; 95 % leaves almost no margin
        if (ratio < 0.8) {
            return null;
        }
        return advice.finding(ratio >= 0.95 ? CRITICAL : WARNING, n.name(),
                Evidence.of(what + "Used", used, what + "Total", total, "ratio", Evidence.round(ratio)));
    }

    static Finding fdLimit(Snapshot s, NodeFacts n) {
        Long limit = n.fdTotal();
        if (limit == null && s.host() != null) {
            limit = s.host().brokerOpenFilesSoftLimit();
        }
        return limit != null && limit < 50_000 ? FD_LIMIT.finding(WARNING, n.name(), Evidence.of("fdTotal", limit))
                : null;
    }

    static Finding runQueue(Snapshot s, NodeFacts n) {
        if (n.runQueue() == null || n.processors() == null || n.processors() == 0) {
            return null;
        }
        // one sample: a heuristic; the runtime guide reads a sustained run queue as CPU saturation
        return n.runQueue() > 2L * n.processors() ? RUN_QUEUE.finding(WARNING, n.name(),
                Evidence.of("runQueue", n.runQueue(), "schedulers", n.processors())) : null;
    }

    static Finding cores(Snapshot s, NodeFacts n) {
        Integer cores = n.processors();
        return cores != null && cores < 4 ? CORES.finding(WARNING, n.name(),
                Evidence.of("cores", cores)) : null;
    }
}
