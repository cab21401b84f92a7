package dev.rabbittune.bench.compare;

/**
 * One metric, baseline against candidate.
 *
 * @param metric          what was compared
 * @param baselineMedian  median over the baseline runs
 * @param candidateMedian median over the candidate runs
 * @param ratio           candidate median / baseline median
 * @param ratioLow        2.5th percentile of the bootstrapped median ratio
 * @param ratioHigh       97.5th percentile
 * @param p               two-sided Mann-Whitney U p-value of this metric
 * @param adjustedP       p after Holm's correction over all metrics compared
 * @param verdict         BETTER or WORSE when beyond the noise (adjusted p below 0.05 and the effect at least the
 *                        minimum), SAME otherwise
 */
public record Change(Metric metric, double baselineMedian, double candidateMedian, double ratio, double ratioLow,
        double ratioHigh, double p, double adjustedP, Verdict verdict) {

    public enum Verdict {
        BETTER, WORSE, SAME
    }
}
