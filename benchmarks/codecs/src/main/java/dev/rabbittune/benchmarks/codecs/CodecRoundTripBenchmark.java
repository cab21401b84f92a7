package dev.rabbittune.benchmarks.codecs;

import dev.rabbittune.client.codec.Codec;
import dev.rabbittune.client.codec.Codecs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Encode + decode of one JSON order per operation, through the library's codec ("ours") or the compression library
 * used directly ("raw"). JMH orders parameters by name and varies the last one fastest: {@code variant} comes last so
 * that each ours/raw pair runs back to back.
 *
 * <p>Besides JMH's wall-clock score, each iteration's operations and the benchmark thread's CPU time are written to
 * {@code <codecs.cpuDir>/<codec>-<size>-<variant>.txt} ("operations cpuNanos" per measured iteration, all forks):
 * on a shared machine, other processes take CPU from a run at random, which moves wall-clock scores by 2x but not the
 * work done per CPU second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecRoundTripBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"gzip", "deflate", "lz4", "zstd", "snappy"})
    public String codec;

    @Param({"1024", "4096", "10240"})
    public int sizeBytes;

    @Param({"ours", "raw"})
    public String variant;

    private byte[] body;
    private UnaryOperator<byte[]> roundTrip;
    private long operations;
    private long cpuStartNanos;
    private final List<String> iterations = new ArrayList<>();

    @Setup
    public void setUp() {
        body = OrderDocuments.order(sizeBytes);
        if (variant.equals("ours")) {
            Codec ours = Codecs.named(codec);
            roundTrip = bytes -> ours.decode(ours.encode(bytes));
        } else {
            RawLibrary raw = RawLibrary.named(codec);
            roundTrip = bytes -> raw.decode(raw.encode(bytes), bytes.length);
        }
        if (!Arrays.equals(roundTrip.apply(body), body)) {
            throw new IllegalStateException(variant + " " + codec + " does not round-trip");
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        operations = 0;
        cpuStartNanos = THREADS.getCurrentThreadCpuTime();
    }

    @Benchmark
    public byte[] encodeDecode() {
        operations++;
        return roundTrip.apply(body);
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            iterations.add(operations + " " + (THREADS.getCurrentThreadCpuTime() - cpuStartNanos));
        }
    }

    @TearDown
    public void writeCpuTimes() throws IOException {
        String dir = System.getProperty("codecs.cpuDir");
        if (dir != null) {
            // appended: each fork adds its measured iterations
            Files.write(Path.of(dir, codec + "-" + sizeBytes + "-" + variant + ".txt"), iterations,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
