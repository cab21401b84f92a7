package dev.rabbittune.bench.compare;

import dev.rabbittune.core.BadInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An absolute limit on the candidate's median: {@code 'p99 > 20ms'} fails when the candidate's median p99 is above
 * 20 ms, {@code 'throughput < 10000'} when its median throughput is below 10,000 msg/s.
 *
 * @param metric the metric
 * @param above  true for {@code >}, false for {@code <}
 * @param limit  in the metric's unit (ms, msg/s, us/msg)
 */
public record Threshold(Metric metric, boolean above, double limit) {

    private static final Pattern FORM = Pattern.compile("\\s*([a-z0-9]+)\\s*([<>])\\s*([0-9]+(?:\\.[0-9]+)?)\\s*"
            + "(ms|s|us|msg/s)?\\s*");

    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        Metric metric = m.matches() ? Metric.named(m.group(1)) : null;
        if (metric == null) {
            throw new BadInputException("invalid threshold '" + text + "'", "e.g. 'p99 > 20ms' or 'throughput < "
                    + "10000'; metrics: throughput, p50, p99, p999, max, cpu", null);
        }
        double value = Double.parseDouble(m.group(3));
        String unit = m.group(4);
        boolean latency = metric != Metric.THROUGHPUT && metric != Metric.CPU_PER_MESSAGE;
        boolean fits = unit == null || latency && (unit.equals("ms") || unit.equals("s") || unit.equals("us"))
                || metric == Metric.THROUGHPUT && unit.equals("msg/s") || metric == Metric.CPU_PER_MESSAGE
                && unit.equals("us");
        if (!fits) {
            throw new BadInputException("threshold '" + text + "': " + metric.label() + " is in " + metric.unit()
                    + ", not " + unit);
        }
        if ("s".equals(unit)) {
            value *= 1000;
        } else if ("us".equals(unit) && metric != Metric.CPU_PER_MESSAGE) {
            value /= 1000;
        }
        return new Threshold(metric, m.group(2).equals(">"), value);
    }

    /** True when the candidate's median breaks the limit. */
    public boolean failedBy(Change change) {
        return above ? change.candidateMedian() > limit : change.candidateMedian() < limit;
    }

    @Override
    public String toString() {
        return metric.label() + (above ? " > " : " < ") + limit + " " + metric.unit();
    }
}
