package dev.rabbittune.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the command line writes them: {@code 90s}, {@code 10m}, {@code 1h}, or plain seconds. */
final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(s|m|h)?");

    private Durations() {
    }

    /** The duration {@code text} says, or empty when it is not one of the forms above. */
    static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        });
    }
}
