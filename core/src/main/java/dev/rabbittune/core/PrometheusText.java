package dev.rabbittune.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of a scrape in the Prometheus text exposition format (version 0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/): {@code name{label="value",...} value [timestamp]},
 * {@code #} lines skipped, label values unescaped ({@code \\}, {@code \"}, {@code \n}), {@code NaN} and
 * {@code +Inf}/{@code -Inf} read as doubles. A line that does not parse is skipped, never fatal: a scrape is read
 * for the series asked for, and one odd line must not lose the rest.
 */
public final class PrometheusText {

    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = Collections.unmodifiableMap(labels);
        }

        /** The label's value, or "" when the sample has none. */
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    private PrometheusText() {
    }

    /** Every sample whose metric name {@code wanted} accepts (the name is checked before the labels are read). */
    public static List<Sample> parse(String text, Predicate<String> wanted) {
        List<Sample> samples = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            Sample sample = line(text, start, end, wanted);
            if (sample != null) {
                samples.add(sample);
            }
            start = end + 1;
        }
        return samples;
    }

    private static Sample line(String text, int start, int end, Predicate<String> wanted) {
        int i = start;
        while (i < end && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= end || text.charAt(i) == '#') {
            return null;
        }
        int nameStart = i;
        while (i < end && "{ \t".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        String name = text.substring(nameStart, i);
        if (!wanted.test(name)) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>(4);
        if (i < end && text.charAt(i) == '{') {
            i = labels(text, i + 1, end, labels);
            if (i < 0) {
                return null;
            }
        }
        // the value is the next run of non-blank characters (a timestamp may follow); no regex: this runs for
        // every line of a 10,000-queue scrape
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int valueEnd = i;
        while (valueEnd < end && " \t\r".indexOf(text.charAt(valueEnd)) < 0) {
            valueEnd++;
        }
        if (valueEnd == i) {
            return null;
        }
        try {
            return new Sample(name, labels, value(text.substring(i, valueEnd)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace, or -1. */
    private static int labels(String text, int i, int end, Map<String, String> into) {
        while (i < end) {
            char c = text.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq >= end || eq + 1 >= end || text.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < end; j++) {
                char v = text.charAt(j);
                if (v == '\\' && j + 1 < end) {
                    char escaped = text.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else if (v == '"') {
                    break;
                } else {
                    value.append(v);
                }
            }
            if (j >= end) {
                return -1;
            }
            into.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
