package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A value that changes over a run: steps of {@code VALUE:SECONDS} that repeat from the first once the last has
 * ended, as PerfTest's {@code --variable-rate}, {@code --variable-size} and {@code --variable-latency} define them
 * (PerfTest's docs, usage-advanced.adoc "Variable rate, size and latency"). Immutable and thread-safe.
 *
 * @param steps the values and how long each lasts, in order; never empty
 */
public record VariableValues(List<Step> steps) {

    /** One value held for {@code seconds} (> 0). */
    public record Step(long value, int seconds) {
    }

    public VariableValues {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new BadInputException("a variable value needs at least one VALUE:SECONDS step");
        }
    }

    /**
     * Parses {@code VALUE:SECONDS} definitions, each value at least {@code minValue}; null for none.
     *
     * @param option the option's name, for the error message
     */
    public static VariableValues parse(String option, List<String> definitions, long minValue) {
        if (definitions == null || definitions.isEmpty()) {
            return null;
        }
        List<Step> steps = new ArrayList<>();
        for (String definition : definitions) {
            String[] parts = definition.trim().split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                long value = Long.parseLong(parts[0].trim());
                int seconds = Integer.parseInt(parts[1].trim());
                if (value < minValue || seconds <= 0) {
                    throw new NumberFormatException();
                }
                steps.add(new Step(value, seconds));
            } catch (NumberFormatException e) {
                throw new BadInputException("invalid " + option + " '" + definition + "'",
                        "use VALUE:SECONDS with VALUE >= " + minValue + " and SECONDS > 0, e.g. 100:60", null);
            }
        }
        return new VariableValues(steps);
    }

    /** Total length of one cycle through the steps. */
    public int cycleSeconds() {
        return steps.stream().mapToInt(Step::seconds).sum();
    }

    /** The value in force {@code elapsedNanos} after the start of the run. */
    public long valueAt(long elapsedNanos) {
        long second = Math.max(0, elapsedNanos / 1_000_000_000L) % cycleSeconds();
        for (Step step : steps) {
            if (second < step.seconds()) {
                return step.value();
            }
            second -= step.seconds();
        }
        return steps.get(steps.size() - 1).value();
    }

    /** The largest value of any step. */
    public long max() {
        return steps.stream().mapToLong(Step::value).max().orElseThrow();
    }
}
