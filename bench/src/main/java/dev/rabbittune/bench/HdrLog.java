package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's latencies as an HdrHistogram interval log ({@link HistogramLogWriter}'s format, read by HdrHistogram's
 * {@code HistogramLogReader} and its log processor): one line per interval and kind, tagged {@code e2e} or
 * {@code confirm}, values in nanoseconds (the processor's {@code -outputValueUnitRatio 1000000} prints ms).
 */
final class HdrLog implements AutoCloseable {

    private final PrintStream out;
    private final HistogramLogWriter writer;

    private HdrLog(PrintStream out, Instant start) {
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        writer.outputComment("rabbittune bench: end-to-end (e2e) and confirm latency, nanoseconds");
        writer.outputLogFormatVersion();
        writer.setBaseTime(start.toEpochMilli());
        writer.outputBaseTime(start.toEpochMilli());
        writer.outputStartTime(start.toEpochMilli());
        writer.outputLegend();
    }

    static HdrLog open(Path file, Instant start) {
        try {
            return new HdrLog(new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.UTF_8), start);
        } catch (FileNotFoundException e) {
            throw new BadInputException("cannot write the HdrHistogram log " + file + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot write the HdrHistogram log " + file + ": " + e.getMessage());
        }
    }

    /** One interval, {@code fromSeconds} to {@code toSeconds} after the run started. */
    synchronized void write(String tag, Histogram interval, double fromSeconds, double toSeconds) {
        interval.setTag(tag);
        writer.outputIntervalHistogram(fromSeconds, toSeconds, interval, 1e6);
        interval.setTag(null);
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
