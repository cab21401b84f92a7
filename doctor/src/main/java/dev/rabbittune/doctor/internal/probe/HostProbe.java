package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.doctor.snapshot.DataDirFacts;
import dev.rabbittune.doctor.snapshot.FsyncFacts;
import dev.rabbittune.doctor.snapshot.HostFacts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the local machine from /proc and /sys (Linux). Anything unreadable (another OS, no permission, a container
 * hiding /proc of other users) is left null, never an error: the rules then stay silent about it.
 */
public final class HostProbe {

    /** The kernel settings the rules and the config generator look at. */
    static final List<String> SYSCTLS = List.of("net.core.somaxconn", "net.ipv4.tcp_max_syn_backlog",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse", "net.core.rmem_max", "net.core.wmem_max",
            "vm.swappiness", "vm.overcommit_memory", "vm.dirty_ratio", "vm.dirty_background_ratio", "fs.file-max");
    private static final int FSYNC_SAMPLES = 20;
    /** The emulator's busy-wait flags: normal, dirty CPU and dirty I/O schedulers. */
    static final List<String> BUSY_WAIT_FLAGS = List.of("sbwt", "sbwtdcpu", "sbwtdio");

    private final Path procRoot;
    private final Path sysRoot;

    public HostProbe() {
        this(Path.of("/proc"), Path.of("/sys"));
    }

    HostProbe(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
    }

    /**
     * @param brokerPid OS pid of the broker's Erlang VM, or null
     * @param dataDir   the broker's data directory, or null
     */
    public HostFacts probe(String brokerPid, String dataDir) {
        Map<String, Long> meminfo = meminfo();
        DataDirFacts dir = dataDir == null ? null : dataDir(dataDir);
        return new HostFacts(hostname(), cpuCores(), meminfo.get("MemTotal"), meminfo.get("SwapTotal"),
                cgroupMemoryLimit(), cgroupCpuQuota(), sysctls(), openFilesLimit(brokerPid), busyWait(brokerPid),
                dir, fsync(dataDir));
    }

    private String read(Path path) {
        // /proc files report size 0: read the stream to EOF rather than trusting the size
        try (java.io.InputStream in = Files.newInputStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return null; // not visible here: the fact stays unknown
        }
    }

    private String hostname() {
        String name = read(procRoot.resolve("sys/kernel/hostname"));
        return name == null ? "localhost" : name;
    }

    private int cpuCores() {
        String cpuinfo = read(procRoot.resolve("cpuinfo"));
        long processors = cpuinfo == null ? 0 : cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        return processors > 0 ? (int) processors : Runtime.getRuntime().availableProcessors();
    }

    private Map<String, Long> meminfo() {
        Map<String, Long> values = new LinkedHashMap<>();
        String text = read(procRoot.resolve("meminfo"));
        if (text != null) {
            text.lines().forEach(line -> {
                String[] parts = line.split("[:\\s]+");
                if (parts.length >= 2 && parts[1].matches("\\d+")) {
                    values.put(parts[0], Long.parseLong(parts[1]) * 1024); // /proc/meminfo is in KiB
                }
            });
        }
        return values;
    }

    private Long cgroupMemoryLimit() {
        String v2 = read(sysRoot.resolve("fs/cgroup/memory.max"));
        if (v2 != null) {
            return v2.equals("max") ? null : parseLong(v2);
        }
        Long v1 = parseLong(read(sysRoot.resolve("fs/cgroup/memory/memory.limit_in_bytes")));
        return v1 == null || v1 >= (1L << 60) ? null : v1; // v1 reports "unlimited" as a huge number
    }

    private Double cgroupCpuQuota() {
        String v2 = read(sysRoot.resolve("fs/cgroup/cpu.max"));
        if (v2 != null) {
            String[] parts = v2.split("\\s+");
            return parts[0].equals("max") || parts.length < 2 ? null : ratio(parts[0], parts[1]);
        }
        String quota = read(sysRoot.resolve("fs/cgroup/cpu/cpu.cfs_quota_us"));
        String period = read(sysRoot.resolve("fs/cgroup/cpu/cpu.cfs_period_us"));
        return quota == null || period == null || quota.startsWith("-") ? null : ratio(quota, period);
    }

    private static Double ratio(String quota, String period) {
        Long q = parseLong(quota);
        Long p = parseLong(period);
        return q == null || p == null || p == 0 ? null : (double) q / p;
    }

    private Map<String, String> sysctls() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : SYSCTLS) {
            String value = read(procRoot.resolve("sys").resolve(name.replace('.', '/')));
            if (value != null) {
                values.put(name, value.replaceAll("\\s+", " "));
            }
        }
        return values;
    }

    private Long openFilesLimit(String pid) {
        String limits = pid == null ? null : read(procRoot.resolve(pid).resolve("limits"));
        if (limits == null) {
            return null;
        }
        return limits.lines().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(HostProbe::parseLong).findFirst().orElse(null);
    }

    /** The scheduler busy-wait flags the broker's VM was started with (see {@link #busyWaitFlags}). */
    private Map<String, String> busyWait(String pid) {
        String cmdline = pid == null ? null : read(procRoot.resolve(pid).resolve("cmdline"));
        return cmdline == null ? null : busyWaitFlags(Arrays.asList(cmdline.split("\0")));
    }

    /**
     * {@code sbwt}, {@code sbwtdcpu} and {@code sbwtdio} to their values in a beam command line, "default" when
     * absent. erlexec passes emulator flags given as {@code +sbwt none} on to beam.smp as {@code -sbwt none}, so
     * both spellings are read (RabbitMQ's start script gives all three as none by default since 3.8.12).
     */
    static Map<String, String> busyWaitFlags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String flag : BUSY_WAIT_FLAGS) {
            String value = "default";
            for (int i = 0; i + 1 < args.size(); i++) {
                if (args.get(i).equals("-" + flag) || args.get(i).equals("+" + flag)) {
                    value = args.get(i + 1); // the last one given wins, as in the emulator
                }
            }
            flags.put(flag, value);
        }
        return flags;
    }

    private DataDirFacts dataDir(String dataDir) {
        String mountPoint = null;
        String fsType = null;
        String mounts = read(procRoot.resolve("mounts"));
        if (mounts != null) {
            for (String line : mounts.lines().toList()) {
                String[] parts = line.split("\\s+");
                if (parts.length > 2 && isUnder(dataDir, parts[1])
                        && (mountPoint == null || parts[1].length() >= mountPoint.length())) {
                    mountPoint = parts[1];
                    fsType = parts[2];
                }
            }
        }
        FileStore store = fileStore(Path.of(dataDir));
        Long free = null;
        Long total = null;
        try {
            free = store == null ? null : store.getUsableSpace();
            total = store == null ? null : store.getTotalSpace();
        } catch (IOException e) {
            // leave the space unknown
        }
        return new DataDirFacts(dataDir, mountPoint, fsType, free, total);
    }

    private static boolean isUnder(String path, String mountPoint) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** The file store of {@code path} or of its nearest existing ancestor. */
    private static FileStore fileStore(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) {
                    return Files.getFileStore(p);
                }
            } catch (IOException | SecurityException e) {
                // try the parent
            }
        }
        return null;
    }

    /**
     * Measures write + fsync of 4 KiB, next to the data dir when a writable directory on the same file system is
     * found (the temp dir first, never inside the data dir itself), else in the temp dir anyway. The page cache alone would measure nothing.
     */
    FsyncFacts fsync(String dataDir) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path target = tmp;
        boolean sameFs = false;
        if (dataDir != null) {
            Path parent = Path.of(dataDir).toAbsolutePath().getParent();
            FileStore dataStore = fileStore(Path.of(dataDir));
            for (Path candidate : new Path[] {tmp, parent}) {
                if (candidate != null && Files.isWritable(candidate) && dataStore != null
                        && dataStore.equals(fileStore(candidate))) {
                    target = candidate;
                    sameFs = true;
                    break;
                }
            }
        }
        return measureFsync(target, sameFs);
    }

    private static FsyncFacts measureFsync(Path dir, boolean sameFs) {
        Path file = null;
        try {
            file = Files.createTempFile(dir, ".rabbittune-fsync-", ".tmp");
            double[] millis = new double[FSYNC_SAMPLES];
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(4096);
                for (int i = 0; i < FSYNC_SAMPLES; i++) {
                    block.clear();
                    long start = System.nanoTime();
                    channel.write(block, (long) i * 4096);
                    channel.force(false);
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(millis);
            return new FsyncFacts(dir.toString(), sameFs, FSYNC_SAMPLES, millis[FSYNC_SAMPLES / 2],
                    millis[FSYNC_SAMPLES - 1]);
        } catch (IOException e) {
            return null;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a 80 KiB temp file left behind is not worth failing the diagnosis
                }
            }
        }
    }

    private static Long parseLong(String text) {
        try {
            return text == null ? null : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
