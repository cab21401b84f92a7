package dev.rabbittune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was ({@code /proc/stat}, all cores), which the client alone does not tell: a broker on
 * the same host takes its share of the cores, and a machine at 100% limits both.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");

    /** Jiffies of the aggregate "cpu" line: busy and total; {@code total == 0} when unreadable (not Linux). */
    record Reading(long busy, long total) {

        /** Busy share of all cores between {@code earlier} and this reading, in percent; -1 when unknown. */
        double percentSince(Reading earlier) {
            long total = this.total - earlier.total;
            return earlier.total == 0 || total <= 0 ? -1 : 100.0 * (busy - earlier.busy) / total;
        }
    }

    private MachineCpu() {
    }

    static Reading read() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    return parse(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: the warning that needs it is skipped
        }
        return new Reading(0, 0);
    }

    /** "cpu user nice system idle iowait irq softirq steal ...": idle and iowait are not busy. */
    static Reading parse(String line) {
        String[] fields = line.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            long value = Long.parseLong(fields[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new Reading(total - idle, total);
    }
}
