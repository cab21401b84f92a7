package dev.rabbittune.monitor;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which queues get their own series: those whose name matches {@code include} and not {@code exclude} (the whole
 * name, as {@link java.util.regex.Matcher#matches}),
 * the {@code max} with the largest backlog (Prometheus keeps every label set it has seen for hours, so tens of
 * thousands of queues must not each become a series).
 */
record QueueSelection(Pattern include, Pattern exclude, int max) {

    static QueueSelection of(String include, String exclude, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max-queue-series must be 0 or more, got " + max);
        }
        return new QueueSelection(compile("queue-include", include == null ? ".*" : include),
                exclude == null || exclude.isEmpty() ? null : compile("queue-exclude", exclude), max);
    }

    private static Pattern compile(String option, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + " '" + regex + "' is not a regular expression: "
                    + e.getDescription());
        }
    }

    boolean admits(QueueFigures queue) {
        String name = queue.name();
        return include.matcher(name).matches() && (exclude == null || !exclude.matcher(name).matches());
    }

    /** The admitted queues, largest backlog first, at most {@code max}. */
    List<QueueFigures> select(List<QueueFigures> queues) {
        return queues.stream().filter(this::admits)
                .sorted(Comparator.comparingLong(QueueFigures::messages).reversed()
                        .thenComparing(QueueFigures::vhost).thenComparing(QueueFigures::name))
                .limit(max).toList();
    }
}
