package dev.rabbittune.bench.tune;

import dev.rabbittune.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client knob a sweep varies and the values it takes, in the order given. Names are the workload's own
 * (the same as {@code rabbittune bench} options and workload files).
 *
 * @param name   e.g. {@code prefetch}
 * @param values at least one; numbers for numeric knobs
 */
public record Axis(String name, List<Object> values) {

    /**
     * The knobs a sweep can vary: axis name to the workload-file key it sets (WorkloadSpec's kebab-case names: a
     * key it does not know is ignored, so a camelCase one here once made three axes do nothing).
     */
    static final Map<String, String> KNOBS = Map.of("prefetch", "prefetch", "confirm", "confirm", "multi-ack",
            "multi-ack-every", "producers", "producers", "consumers", "consumers", "channels-per-connection",
            "channels-per-connection", "size", "size", "persistent", "persistent", "queue-type", "queue-type");

    /**
     * Not an axis a user gives: the total rate (msg/s) a rate curve's point is paced at, 0 for the unlimited run
     * that finds where the curve ends.
     */
    public static final String RATE = "rate";

    public Axis {
        values = List.copyOf(values);
    }

    /** {@code prefetch=1,10,100}: a one-line BadInputException for an unknown knob or a bad value. */
    public static Axis parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new BadInputException("invalid axis '" + text + "': expected NAME=V1,V2,... e.g. prefetch=1,10,100");
        }
        String name = text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (!KNOBS.containsKey(name)) {
            throw new BadInputException("unknown axis '" + name + "'", "axes: " + String.join(", ",
                    new java.util.TreeSet<>(KNOBS.keySet())), null);
        }
        List<Object> values = new ArrayList<>();
        for (String raw : text.substring(eq + 1).split(",")) {
            values.add(value(name, raw.trim()));
        }
        if (values.stream().distinct().count() != values.size()) {
            throw new BadInputException("axis " + name + " repeats a value: " + text.substring(eq + 1));
        }
        return new Axis(name, values);
    }

    private static Object value(String name, String raw) {
        switch (name) {
            case "persistent":
                if (!raw.equals("true") && !raw.equals("false")) {
                    throw new BadInputException("axis persistent takes true and false, got '" + raw + "'");
                }
                return Boolean.parseBoolean(raw);
            case "queue-type":
                if (!List.of("classic", "quorum", "stream").contains(raw)) {
                    throw new BadInputException("axis queue-type takes classic, quorum and stream, got '" + raw + "'");
                }
                return raw;
            default:
                try {
                    int number = Integer.parseInt(raw);
                    boolean zeroAllowed = name.equals("prefetch") || name.equals("confirm");
                    // basic.qos prefetch is an unsigned short, and the client's windows stay within it too
                    boolean tooLarge = zeroAllowed && number > 65_535;
                    if (number < 0 || number == 0 && !zeroAllowed || tooLarge) {
                        throw new NumberFormatException();
                    }
                    return number;
                } catch (NumberFormatException e) {
                    throw new BadInputException("axis " + name + " takes whole numbers"
                            + (name.equals("prefetch") || name.equals("confirm") ? " from 0 to 65535" : " >= 1")
                            + ", got '"
                            + raw + "'");
                }
        }
    }

    /** The workload property this axis sets. */
    String property() {
        return KNOBS.get(name);
    }

    /** True when the values are numbers, so "more" has a meaning (knees are looked for along these). */
    boolean ordered() {
        return values.stream().allMatch(v -> v instanceof Integer);
    }
}
