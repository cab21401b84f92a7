package dev.rabbittune.doctor.config;

import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a production configuration sized from a {@link Snapshot}: {@code rabbitmq.conf}, a sysctl.d file, a
 * systemd drop-in with {@code LimitNOFILE} and a README explaining every line. Pure: it reads the snapshot and
 * returns text; nothing on the host or broker is changed. Every rabbitmq.conf key it writes exists in the schema
 * of RabbitMQ 3.10 and later (keys removed in newer series are left out for those versions). Thread-safe.
 *
 * <p>Sources: the production checklist (watermark 0.4-0.7, disk_free_limit at least the memory the node may use,
 * 50,000+ file handles), the memory guide (absolute watermark in containers), the networking guide (backlog,
 * keepalive), the partitions guide (pause_minority for 3+ nodes) and the management guide (statistics interval
 * for many objects).
 */
public final class ConfigGenerator {

    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;
    /** Production checklist: at least 50,000 file handles; the Debian guide uses 65,536. */
    static final long MIN_OPEN_FILES = 65_536;
    /** Quorum queue WAL default (512 MiB); the quorum queue guide wants 3-4 times that in RAM. */
    static final long DEFAULT_WAL_BYTES = 512 * MIB;

    private ConfigGenerator() {
    }

    /** The configuration for the broker and host the snapshot describes. */
    public static GeneratedConfig generate(Snapshot snapshot) {
        ConfigInputs in = ConfigInputs.of(snapshot);
        List<String> notes = new ArrayList<>();
        List<ConfigSetting> conf = new ArrayList<>();
        long watermarkBytes = memory(in, conf, notes);
        disk(in, watermarkBytes, conf, notes);
        cluster(in, conf, notes);
        statistics(in, conf);
        connections(in, conf, notes);
        quorum(in, watermarkBytes, conf);
        long openFiles = openFiles(in);
        return new GeneratedConfig(snapshot.source(), snapshot.takenAt(), sizedFrom(in), conf,
                sysctl(in, openFiles), systemd(in, openFiles), notes, in.nodes());
    }

    /** The watermark; returns the bytes it allows (0 when the memory is unknown). */
    private static long memory(ConfigInputs in, List<ConfigSetting> conf, List<String> notes) {
        if (in.memoryBytes() == null) {
            conf.add(new ConfigSetting("vm_memory_high_watermark.relative", "0.6",
                    "publishers are blocked when the node uses 60% of RAM (checklist: 0.4-0.7); RAM unknown"));
            notes.add("The memory of the host was not visible: the watermark is relative, so it follows the RAM.");
            return 0;
        }
        long memory = in.memoryBytes();
        if (in.containerLimited()) {
            // memory guide: in containers the relative watermark is computed from the host's RAM on older
            // runtimes, so an absolute value below the cgroup limit is the safe form
            long absolute = roundDown(memory * 6 / 10, MIB);
            conf.add(new ConfigSetting("vm_memory_high_watermark.absolute", Long.toString(absolute),
                    "block publishers at " + human(absolute) + " = 0.6 of the " + human(memory)
                            + " cgroup limit (absolute because the node runs under a memory limit)"));
            return absolute;
        }
        // small hosts keep a larger share for the OS, the page cache and the Erlang allocator's overhead
        double relative = memory < 4 * GIB ? 0.5 : 0.6;
        conf.add(new ConfigSetting("vm_memory_high_watermark.relative", Double.toString(relative),
                "block publishers when the node uses " + (int) (relative * 100) + "% of the " + human(memory)
                        + " (" + in.memorySource() + "); the checklist advises 0.4-0.7"));
        return (long) (memory * relative);
    }

    private static void disk(ConfigInputs in, long watermarkBytes, List<ConfigSetting> conf, List<String> notes) {
        if (watermarkBytes == 0) {
            conf.add(new ConfigSetting("disk_free_limit.relative", "1.0",
                    "stop publishers while free disk is below the RAM size (checklist), not the 50 MB dev default"));
            return;
        }
        long limit = roundUp(watermarkBytes, MIB);
        Long disk = in.dataDirTotalBytes();
        if (disk != null && limit > disk / 2) {
            long capped = Math.max(roundUp(disk / 10, MIB), 1 * GIB);
            notes.add("The data dir's file system (" + human(disk) + ") is small for " + human(in.memoryBytes())
                    + " of RAM: disk_free_limit is " + human(capped) + " instead of " + human(limit)
                    + "; give the broker a larger disk.");
            limit = capped;
        }
        conf.add(new ConfigSetting("disk_free_limit.absolute", Long.toString(limit),
                "block publishers while less than " + human(limit) + " is free on the data dir: at least the "
                        + "memory the node may page out (checklist), not the 50 MB development default"));
    }

    private static void cluster(ConfigInputs in, List<ConfigSetting> conf, List<String> notes) {
        if (in.release().khepri()) {
            notes.add("The metadata store is Khepri (Raft): cluster_partition_handling has no effect there (a "
                    + "minority side stops serving, as with pause_minority), so it is not written.");
        } else if (in.nodes() >= 3) {
            conf.add(new ConfigSetting("cluster_partition_handling", "pause_minority",
                    in.nodes() + " nodes: after a partition the minority side pauses itself and resumes when it "
                            + "sees the majority, so the cluster never runs as two halves"));
        } else if (in.nodes() == 2) {
            conf.add(new ConfigSetting("cluster_partition_handling", "autoheal",
                    "2 nodes: pause_minority would pause both (neither is a majority) and 'ignore' stays split; "
                            + "autoheal restarts the losing side, dropping what it accepted during the partition"));
            notes.add("A 2-node cluster cannot both stay available and avoid split-brain; add a third node and "
                    + "switch to cluster_partition_handling = pause_minority.");
        } else {
            notes.add("Single node: no cluster_partition_handling (partitions need two nodes).");
        }
        if (in.nodes() >= 2) {
            conf.add(in.versionBelow(3, 10)
                    ? new ConfigSetting("queue_master_locator", "min-masters",
                            "new queue leaders go to the node with the fewest, not all to the declaring node")
                    : new ConfigSetting("queue_leader_locator", "balanced",
                            "new quorum queue and stream leaders spread over the " + in.nodes() + " nodes"));
        }
    }

    private static void statistics(ConfigInputs in, List<ConfigSetting> conf) {
        long objects = in.statisticsObjects();
        // management guide: with tens of thousands of objects, 30-60 s; the 5 s default costs CPU per object
        int intervalMillis = objects >= 10_000 ? 30_000 : objects >= 2_000 ? 15_000 : 5_000;
        conf.add(new ConfigSetting("collect_statistics_interval", Integer.toString(intervalMillis),
                "emit statistics every " + intervalMillis / 1000 + " s for " + objects
                        + " queues, connections and channels (5 s default; 30-60 s for tens of thousands)"));
        conf.add(new ConfigSetting("management.rates_mode", "basic",
                "per-object message rates only; 'detailed' keeps rates per queue-exchange-channel pair, "
                        + "whose cost grows with every pair"));
    }

    private static void connections(ConfigInputs in, List<ConfigSetting> conf, List<String> notes) {
        conf.add(new ConfigSetting("heartbeat", "30", "suggest 30 s to clients: a dead peer is noticed within "
                + "about a minute (docs: 5-20 s good, 0 off; the client may still override)"));
        int maxChannels = in.maxChannelsPerConnection();
        if (maxChannels <= 128) {
            conf.add(new ConfigSetting("channel_max", "128", "cap channels per connection at 128 (default 2047) "
                    + "so a leaking client fails fast; the busiest connection has " + maxChannels));
        } else {
            notes.add("A connection holds " + maxChannels + " channels (a leak?); channel_max is left at its "
                    + "default so that client keeps working. Fix the client, then set channel_max = 128.");
        }
        long backlog = backlog(in);
        if (backlog > 128) {
            String why = in.connections() + " connections: a burst of reconnects overflows the default backlog "
                    + "of 128 (networking guide); needs net.core.somaxconn >= " + backlog;
            conf.add(new ConfigSetting("tcp_listen_options.backlog", Long.toString(backlog), why));
            // setting any tcp_listen_options key replaces the whole default list; keep the other defaults
            String keep = "keeps RabbitMQ's default: setting any tcp_listen_options key replaces the whole list";
            conf.add(new ConfigSetting("tcp_listen_options.nodelay", "true", keep));
            conf.add(new ConfigSetting("tcp_listen_options.linger.on", "true", keep));
            conf.add(new ConfigSetting("tcp_listen_options.linger.timeout", "0", keep));
            conf.add(new ConfigSetting("tcp_listen_options.exit_on_close", "false", keep));
        }
    }

    private static void quorum(ConfigInputs in, long watermarkBytes, List<ConfigSetting> conf) {
        if (in.quorumQueues() == 0 || watermarkBytes == 0 || watermarkBytes >= 4 * DEFAULT_WAL_BYTES) {
            return;
        }
        long wal = Math.max(64 * MIB, roundDown(watermarkBytes / 4, MIB));
        // 4.3 sizes the quorum queues' WAL from quorum_queue.wal_max_size_bytes; raft.wal_max_size_bytes is
        // still accepted there but no longer reaches it (VersionFact.QUORUM_WAL_KEY)
        String key = in.release().has(VersionFact.QUORUM_WAL_KEY) ? "quorum_queue.wal_max_size_bytes"
                : "raft.wal_max_size_bytes";
        conf.add(new ConfigSetting(key, Long.toString(wal), in.quorumQueues()
                + " quorum queues and only " + human(watermarkBytes) + " below the watermark: the quorum queue "
                + "guide wants 3-4x the WAL size (512 MiB default) in RAM"));
    }

    private static List<String> sizedFrom(ConfigInputs in) {
        return List.of(
                "RabbitMQ " + (in.version() == null ? "version unknown" : in.version()),
                "memory: " + (in.memoryBytes() == null ? "unknown" : human(in.memoryBytes()) + " ("
                        + in.memorySource() + ")"),
                "cores: " + in.cores() + (in.cpuQuotaCores() == null ? "" : ", CPU quota " + in.cpuQuotaCores()),
                "nodes: " + in.nodes(),
                "queues: " + in.queues() + " (" + in.quorumQueues() + " quorum)",
                "connections: " + in.connections() + ", channels: " + in.channels()
                        + ", most channels on one connection: " + in.maxChannelsPerConnection(),
                String.format(java.util.Locale.ROOT, "connection churn: %.1f/s", in.connectionChurnPerSecond()));
    }

    /** Listen backlog: 128 (default) for few clients, else room for all of them reconnecting at once. */
    static long backlog(ConfigInputs in) {
        if (in.connections() < 1_000) {
            return 128;
        }
        return Math.min(65_535, Math.max(4_096, Long.highestOneBit(in.connections() - 1) << 1));
    }

    /** Networking guide: a descriptor per connection and per classic queue file, twice for reconnect storms. */
    static long openFiles(ConfigInputs in) {
        long needed = 2 * in.connections() + in.queues() + 4_096;
        return Math.max(MIN_OPEN_FILES, roundUp(needed, MIN_OPEN_FILES));
    }

    private static List<ConfigSetting> sysctl(ConfigInputs in, long openFiles) {
        List<ConfigSetting> lines = new ArrayList<>();
        long backlog = Math.max(4_096, backlog(in));
        lines.add(new ConfigSetting("net.core.somaxconn", Long.toString(backlog),
                "the kernel caps every listen backlog at this (default 4096 on 5.4+, 128 before)"));
        lines.add(new ConfigSetting("net.ipv4.tcp_max_syn_backlog", Long.toString(backlog),
                "half-open connections queued during a reconnect storm"));
        // no tcp_keepalive_*: they act only on sockets with SO_KEEPALIVE, which RabbitMQ's default listen options
        // leave off; the heartbeat of 30 s in rabbitmq.conf finds dead peers instead
        if (in.connectionChurnPerSecond() > 2) {
            lines.add(new ConfigSetting("net.ipv4.tcp_fin_timeout", "30", String.format(java.util.Locale.ROOT,
                    "%.1f connections/s churn: release closed sockets sooner (networking guide: 15-30 s)",
                    in.connectionChurnPerSecond())));
        }
        if (in.fileMax() == null || in.fileMax() < 2 * openFiles) {
            lines.add(new ConfigSetting("fs.file-max", Long.toString(Math.max(2_097_152, 2 * openFiles)),
                    "system-wide file handles, well above the broker's LimitNOFILE=" + openFiles));
        }
        lines.add(new ConfigSetting("vm.swappiness", "1",
                "swap only under real pressure: a swapped-out Erlang VM stalls every queue"));
        return lines;
    }

    private static List<ConfigSetting> systemd(ConfigInputs in, long openFiles) {
        List<ConfigSetting> lines = new ArrayList<>();
        lines.add(new ConfigSetting("LimitNOFILE", Long.toString(openFiles), "open files for " + in.connections()
                + " connections and " + in.queues() + " queues, twice over plus headroom; the checklist asks "
                + "for at least 50,000"));
        if (openFiles > MIN_OPEN_FILES) {
            lines.add(new ConfigSetting("Environment", "ERL_MAX_PORTS=" + openFiles,
                    "the Erlang VM's port (socket and file) table must be as large as the file limit"));
        }
        String erlArgs = schedulerArgs(in);
        if (!erlArgs.isEmpty()) {
            lines.add(new ConfigSetting("Environment", "\"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=" + erlArgs + "\"",
                    "Erlang schedulers for " + in.cores() + " cores" + (in.cpuQuotaCores() == null ? ""
                            : " and a CPU quota of " + in.cpuQuotaCores() + " cores") + " (runtime guide)"));
        }
        return lines;
    }

    /** {@code +S} for a CPU quota below the cores; no busy-waiting on small or shared machines. */
    static String schedulerArgs(ConfigInputs in) {
        List<String> args = new ArrayList<>();
        if (in.cpuQuotaCores() != null && Math.ceil(in.cpuQuotaCores()) < in.cores()) {
            long n = Math.max(1, (long) Math.ceil(in.cpuQuotaCores()));
            args.add("+S " + n + ":" + n);
        }
        // RabbitMQ's start script already passes none for all three since 3.8.12: only undo an override seen
        List<String> busy = in.busyWaitFlagsNotNone();
        if (!busy.isEmpty() && (in.cores() < 4 || in.cpuQuotaCores() != null)) {
            args.add(busy.stream().map(f -> "+" + f + " none").collect(java.util.stream.Collectors.joining(" ")));
        }
        return String.join(" ", args);
    }

    static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    static long roundDown(long value, long unit) {
        return value / unit * unit;
    }

    static String human(long bytes) {
        return bytes >= GIB ? String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) GIB)
                : bytes / MIB + " MiB";
    }
}
