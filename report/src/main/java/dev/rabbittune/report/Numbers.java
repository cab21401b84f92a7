package dev.rabbittune.report;

import java.util.Locale;

/** How the report prints figures: grouped integers, three significant-looking digits for small values. */
final class Numbers {

    private Numbers() {
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    static String millis(double value) {
        return number(value) + " ms";
    }
}
