package dev.rabbittune.monitor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Says when one signal (canary latency, a rate, a backlog's growth) is unusual, by robust statistics so that one
 * odd sample does not page and a quiet broker does not either.
 *
 * <p>Two baselines, each a median with its median absolute deviation (MAD, scaled by 1.4826 to estimate a standard
 * deviation under normal noise): a short one over the last {@code baseline} samples before the recent ones, which
 * sees steps at once, and a long one, an exponentially weighted moving average (EWMA) of the short one's median and
 * deviation with a time constant of {@code longSamples}, which sees a drift the short one moves along with. The
 * recent level is the median of the last {@code recent} samples, so a spike must last more than half of them to move
 * it. The signal is unusual when the recent level is further from either baseline (above it, for signals where only
 * a rise matters) than all of: {@code k} robust deviations, an absolute minimum effect and a relative one; it is
 * usual again once back within half that distance, so a level near the threshold does not flap. Nothing is said
 * before {@code warmup} samples.
 *
 * <p>Not thread-safe: one caller feeds it (the monitor's reading thread).
 */
final class AnomalyDetector {

    /** MAD to standard deviation under normal noise. */
    private static final double MAD_SCALE = 1.4826;

    private final String signal;
    private final Settings settings;
    private final Deque<Double> history = new ArrayDeque<>();
    private volatile boolean unusual;
    private long samples;
    private double longMedian = Double.NaN;
    private double longDeviation = Double.NaN;

    /**
     * @param baseline     samples the baseline is taken over
     * @param recent       samples the recent level is the median of
     * @param warmup       samples before anything is said (at least {@code recent} + a few for the baseline)
     * @param k            robust deviations the recent level must be away
     * @param minAbsolute  smallest difference worth saying, in the signal's unit
     * @param minRelative  smallest difference worth saying, as a share of the baseline median
     * @param longSamples  the long baseline's time constant, in samples
     * @param upOnly       only a rise is unusual (latency, backlog growth); else a fall too (rates)
     */
    record Settings(int baseline, int recent, int warmup, double k, double minAbsolute, double minRelative,
            int longSamples, boolean upOnly) {

        Settings(int baseline, int recent, int warmup, double k, double minAbsolute, double minRelative,
                int longSamples) {
            this(baseline, recent, warmup, k, minAbsolute, minRelative, longSamples, false);
        }

        /** These settings, for a signal where only a rise is unusual. */
        Settings risesOnly() {
            return new Settings(baseline, recent, warmup, k, minAbsolute, minRelative, longSamples, true);
        }

        Settings {
            if (baseline < 3 || recent < 1 || warmup < recent + 3 || k <= 0 || minAbsolute < 0 || minRelative < 0
                    || longSamples < 1) {
                throw new IllegalArgumentException("invalid anomaly settings: " + baseline + "/" + recent + "/"
                        + warmup + "/" + k);
            }
        }

        /** One-second samples: two minutes of baseline, five seconds recent, a minute of warm-up, ten minutes long. */
        static Settings perSecond(double minAbsolute, double minRelative) {
            return every(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(1), minAbsolute, minRelative);
        }

        /**
         * Samples {@code interval} apart, with the same spans of time whatever the interval: two minutes of
         * baseline, five seconds recent (at least 3 samples, so one odd sample never decides), {@code warmup}
         * before anything is said (at least the recent samples and 3 more), ten minutes for the long baseline; 5
         * robust deviations.
         */
        static Settings every(java.time.Duration interval, java.time.Duration warmupSpan, double minAbsolute,
                double minRelative) {
            double millis = Math.max(1, interval.toMillis());
            int baseline = Math.max(3, (int) Math.round(120_000 / millis));
            int recent = Math.max(3, (int) Math.round(5_000 / millis));
            int warmup = Math.max(recent + 3, (int) Math.round(warmupSpan.toMillis() / millis));
            int longSamples = Math.max(1, (int) Math.round(600_000 / millis));
            return new Settings(baseline, recent, warmup, 5, minAbsolute, minRelative, longSamples);
        }
    }

    /** What changed and the evidence, for the one log line an anomaly gets. */
    record Verdict(String signal, boolean unusual, double recent, double baselineMedian, double robustDeviation) {

        String logLine() {
            return String.format(Locale.ROOT, "anomaly %s %s: recent median %.4g against a baseline median of %.4g "
                            + "(robust deviation %.4g)", signal, unusual ? "started" : "ended", recent, baselineMedian,
                    robustDeviation);
        }
    }

    AnomalyDetector(String signal, Settings settings) {
        this.signal = signal;
        this.settings = settings;
    }

    /** Adds one sample (NaN is skipped); returns a verdict when the signal turned unusual or back to usual. */
    Optional<Verdict> observe(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.empty();
        }
        history.addLast(value);
        if (history.size() > settings.baseline() + settings.recent()) {
            history.removeFirst();
        }
        samples++;
        if (samples < settings.warmup()) {
            return Optional.empty();
        }
        double[] all = history.stream().mapToDouble(Double::doubleValue).toArray();
        double[] base = Arrays.copyOfRange(all, 0, all.length - settings.recent());
        double[] recentValues = Arrays.copyOfRange(all, all.length - settings.recent(), all.length);
        double median = median(base);
        double deviation = MAD_SCALE * median(Arrays.stream(base).map(v -> Math.abs(v - median)).toArray());
        double recent = median(recentValues);
        if (Double.isNaN(longMedian)) {
            longMedian = median;
            longDeviation = deviation;
        }
        // the long baseline is compared with before this sample moves it
        // hysteresis: an anomaly ends only once the recent level is back within half the distance that started it
        double factor = unusual ? 0.5 : 1.0;
        boolean now = far(recent, median, deviation, factor) || far(recent, longMedian, longDeviation, factor);
        double alpha = 1.0 / settings.longSamples();
        longMedian += alpha * (median - longMedian);
        longDeviation += alpha * (deviation - longDeviation);
        if (now == unusual) {
            return Optional.empty();
        }
        unusual = now;
        return Optional.of(new Verdict(signal, now, recent, median, deviation));
    }

    private boolean far(double recent, double median, double deviation, double factor) {
        double threshold = factor * Math.max(settings.k() * deviation, Math.max(settings.minAbsolute(),
                settings.minRelative() * Math.abs(median)));
        double distance = settings.upOnly() ? recent - median : Math.abs(recent - median);
        return distance > threshold;
    }

    boolean unusual() {
        return unusual;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
