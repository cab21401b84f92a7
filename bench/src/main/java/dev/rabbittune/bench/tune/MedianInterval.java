package dev.rabbittune.bench.tune;

import java.util.Arrays;

/**
 * The median of a few repetitions and a distribution-free confidence interval for it: the order statistics
 * {@code [x(k), x(n-k+1)]}, whose coverage is {@code 1 - 2 P(Binomial(n, 1/2) < k)}: the narrowest such interval
 * that covers 95%, or {@code [min, max]} when n is too small for 95% (then {@code coverage} says what it is: 75% for
 * 3 repetitions, 94% for 5, 97% for 6). Nothing is assumed
 * about the shape of the distribution, which run-to-run benchmark noise rarely has.
 *
 * @param median   the sample median
 * @param lower    the interval's lower end
 * @param upper    its upper end
 * @param coverage the probability that the interval holds the true median
 * @param n        the repetitions
 */
public record MedianInterval(double median, double lower, double upper, double coverage, int n) {

    /** The coverage a sweep re-samples towards (reached from 6 repetitions). */
    static final double WANTED_COVERAGE = 0.95;

    public static MedianInterval of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        // k = 1 is [min, max]; the largest k that still covers 95% is the narrowest such interval
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= WANTED_COVERAGE) {
            k++;
        }
        return new MedianInterval(median, sorted[k - 1], sorted[n - k], coverage(n, k), n);
    }

    /** {@code 1 - 2 P(Binomial(n, 1/2) <= k - 1)}. */
    static double coverage(int n, int k) {
        double below = 0;
        double choose = 1;
        for (int i = 0; i < k; i++) {
            below += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * below / Math.pow(2, n));
    }

    /** True when the two intervals share a value: the medians cannot be told apart. */
    public boolean overlaps(MedianInterval other) {
        return lower <= other.upper && other.lower <= upper;
    }

    /** Half the interval's width relative to the median (0 when the median is 0). */
    public double relativeHalfWidth() {
        return median == 0 ? 0 : (upper - lower) / 2 / Math.abs(median);
    }
}
