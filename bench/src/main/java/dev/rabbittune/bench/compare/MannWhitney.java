package dev.rabbittune.bench.compare;

import java.util.Arrays;

/**
 * The Mann-Whitney U test, two-sided, as benchstat uses it to call a change between two sets of runs. Up to 20 runs
 * in all the p-value is exact (every split of the pooled ranks enumerated): commons-math3 3.6.1 gives only the
 * asymptotic one, which is off at the sizes benchmarks have (4 against 4 fully separated: 0.021 instead of the exact
 * 0.029); beyond that, commons-math3's {@code MannWhitneyUTest}. No distribution is assumed, only that the runs of
 * one side are exchangeable.
 */
final class MannWhitney {

    static final int EXACT_UP_TO = 20;

    private MannWhitney() {
    }

    /** The smallest two-sided p-value {@code n1} against {@code n2} runs can give: 2 / C(n1 + n2, n1). */
    static double minimumP(int n1, int n2) {
        return Math.min(1, 2 / choose(n1 + n2, n1));
    }

    static double pValue(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        double[] ranks = ranks(a, b);
        double observed = 0;
        for (int i = 0; i < n1; i++) {
            observed += ranks[i];
        }
        double expected = n1 * (n1 + n2 + 1) / 2.0;
        if (n1 + n2 <= EXACT_UP_TO) {
            return exact(ranks, n1, Math.abs(observed - expected), expected);
        }
        return new org.apache.commons.math3.stat.inference.MannWhitneyUTest().mannWhitneyUTest(a, b);
    }

    /** Share of all n1-subsets of the pooled ranks whose rank sum is at least as far from its mean. */
    private static double exact(double[] ranks, int n1, double distance, double expected) {
        long[] counts = new long[2];
        enumerate(ranks, 0, n1, 0, distance, expected, counts);
        return (double) counts[0] / counts[1];
    }

    private static void enumerate(double[] ranks, int from, int left, double sum, double distance, double expected,
            long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (Math.abs(sum - expected) >= distance - 1e-9) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= ranks.length - left; i++) {
            enumerate(ranks, i + 1, left - 1, sum + ranks[i], distance, expected, counts);
        }
    }

    /** Mid-ranks of a followed by b in the pooled sample (ties share their mean rank). */
    static double[] ranks(double[] a, double[] b) {
        int n = a.length + b.length;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(pooled[x], pooled[y]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && pooled[order[j]] == pooled[order[i]]) {
                j++;
            }
            double mid = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                ranks[order[k]] = mid;
            }
            i = j;
        }
        return ranks;
    }

    private static double choose(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

}
