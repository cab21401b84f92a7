package dev.rabbittune.benchmarks.codecs;

import dev.rabbittune.client.codec.Codec;
import dev.rabbittune.client.codec.Codecs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The ours/raw speed ratio of each codec and payload size, measured in pairs: in one JVM, short blocks of the
 * library's codec and of the raw library alternate (ours-raw, then raw-ours, so drift cancels), and the ratio is the
 * median of the per-pair ratios. JMH runs each variant in its own forks, minutes apart; on a shared 2-core VM one
 * variant's forks spread by ±25% from host noise and JIT luck, which makes a single row's ratio from separate forks
 * unreliable. Pairs see the same machine state within a fraction of a second.
 *
 * <p>Prints "codec size ratio" lines for benchmarks/codecs-jmh. Usage: PairedRatios [pairs] [blockMillis] [codec]
 */
public final class PairedRatios {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int[] SIZES = {1024, 4096, 10240};

    /** Keeps results observable so the JIT cannot drop the round trips. */
    private static long sink;

    private PairedRatios() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        long blockNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000;
        for (RawLibrary raw : RawLibrary.values()) {
            if (args.length > 2 && !raw.contentEncoding.equals(args[2])) {
                continue;
            }
            for (int size : SIZES) {
                byte[] body = OrderDocuments.order(size);
                Codec ours = Codecs.named(raw.contentEncoding);
                UnaryOperator<byte[]> oursRoundTrip = bytes -> ours.decode(ours.encode(bytes));
                UnaryOperator<byte[]> rawRoundTrip = bytes -> raw.decode(raw.encode(bytes), bytes.length);
                check(oursRoundTrip, body);
                check(rawRoundTrip, body);
                System.out.printf("%s %d %.3f%n", raw.contentEncoding, size,
                        medianRatio(oursRoundTrip, rawRoundTrip, body, pairs, blockNanos));
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double medianRatio(UnaryOperator<byte[]> ours, UnaryOperator<byte[]> raw, byte[] body,
            int pairs, long blockNanos) {
        for (int warmUp = 0; warmUp < 10; warmUp++) {
            opsPerCpuSecond(ours, body, blockNanos);
            opsPerCpuSecond(raw, body, blockNanos);
        }
        double[] ratios = new double[pairs];
        for (int pair = 0; pair < pairs; pair++) {
            boolean oursFirst = pair % 2 == 0;
            double first = opsPerCpuSecond(oursFirst ? ours : raw, body, blockNanos);
            double second = opsPerCpuSecond(oursFirst ? raw : ours, body, blockNanos);
            ratios[pair] = oursFirst ? first / second : second / first;
        }
        Arrays.sort(ratios);
        return ratios[pairs / 2];
    }

    /** Runs round trips for about blockNanos of this thread's CPU time; returns round trips per CPU second. */
    private static double opsPerCpuSecond(UnaryOperator<byte[]> roundTrip, byte[] body, long blockNanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long operations = 0;
        long elapsed;
        do {
            for (int i = 0; i < 32; i++) {
                sink += roundTrip.apply(body).length;
            }
            operations += 32;
            elapsed = THREADS.getCurrentThreadCpuTime() - start;
        } while (elapsed < blockNanos);
        return operations / (elapsed / 1e9);
    }

    private static void check(UnaryOperator<byte[]> roundTrip, byte[] body) {
        if (!Arrays.equals(roundTrip.apply(body), body)) {
            throw new IllegalStateException("a codec does not round-trip");
        }
    }
}
