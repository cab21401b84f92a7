package dev.rabbittune.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Baseline runs against candidate runs, metric by metric: a change is called only when the Mann-Whitney U test
 * puts it beyond the noise and the medians differ by at least the minimum effect, as benchstat does. The six
 * metrics are tested together with Holm's correction, so identical setups get a false call in at most 5% of
 * comparisons (not up to 26% as six separate tests would); that takes 5 runs a side. The median ratio comes with a
 * bootstrap interval (fixed seed, so a report is reproducible).
 */
public final class Comparison {

    static final double ALPHA = 0.05;
    private static final int RESAMPLES = 2000;

    private Comparison() {
    }

    /**
     * @param minEffect the smallest relative change worth calling (e.g. 0.05)
     * @throws BadInputException when a side has too few runs for the test to reach {@link #ALPHA}
     */
    public static List<Change> of(List<JsonNode> baseline, List<JsonNode> candidate, double minEffect) {
        if (baseline.isEmpty() || candidate.isEmpty()) {
            throw new BadInputException("compare needs baseline and candidate results");
        }
        int metrics = Metric.values().length;
        double smallest = MannWhitney.minimumP(baseline.size(), candidate.size()) * metrics;
        if (smallest >= ALPHA) {
            throw new BadInputException(baseline.size() + " baseline and " + candidate.size() + " candidate run(s) "
                    + "cannot show a change at p < 0.05 over " + metrics + " metrics (the smallest corrected p-value "
                    + "they can give is " + String.format(java.util.Locale.ROOT, "%.3f", Math.min(1, smallest)) + ")",
                    "run each side at least 5 times", null);
        }
        double[] p = new double[metrics];
        List<double[]> as = new ArrayList<>();
        List<double[]> bs = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            double[] a = baseline.stream().mapToDouble(metric::of).toArray();
            double[] b = candidate.stream().mapToDouble(metric::of).toArray();
            as.add(a);
            bs.add(b);
            p[metric.ordinal()] = MannWhitney.pValue(a, b);
        }
        double[] adjusted = holm(p);
        List<Change> changes = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            int i = metric.ordinal();
            changes.add(change(metric, as.get(i), bs.get(i), p[i], adjusted[i], minEffect));
        }
        return changes;
    }

    /** Holm's step-down adjustment: the k-th smallest p times (m - k + 1), kept monotone, at most 1. */
    static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    static Change change(Metric metric, double[] a, double[] b, double p, double adjustedP, double minEffect) {
        double baseMedian = median(a);
        double candidateMedian = median(b);
        double ratio = baseMedian == 0 ? (candidateMedian == 0 ? 1 : Double.POSITIVE_INFINITY)
                : candidateMedian / baseMedian;
        double[] interval = bootstrapRatio(a, b);
        Change.Verdict verdict = Change.Verdict.SAME;
        if (adjustedP < ALPHA && Math.abs(ratio - 1) >= minEffect) {
            boolean higher = ratio > 1;
            verdict = higher == metric.higherIsBetter() ? Change.Verdict.BETTER : Change.Verdict.WORSE;
        }
        return new Change(metric, baseMedian, candidateMedian, ratio, interval[0], interval[1], p, adjustedP, verdict);
    }

    private static double[] bootstrapRatio(double[] a, double[] b) {
        Random random = new Random(20261201L);
        double[] ratios = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            double base = median(resample(a, random));
            ratios[i] = base == 0 ? 1 : median(resample(b, random)) / base;
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    private static double[] resample(double[] values, Random random) {
        double[] sample = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            sample[i] = values[random.nextInt(values.length)];
        }
        return sample;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
