package dev.rabbittune.doctor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a finding is; declared from most to least urgent. */
public enum Severity {
    /** Losing messages or availability now or soon: the level at which a check fails by default. */
    CRITICAL,
    /** Will hurt under load, on failure or at upgrade time. */
    WARNING,
    /** Worth knowing; a deliberate choice may explain it. */
    INFO;

    /** True when this is at least as urgent as {@code bar}. */
    public boolean atLeast(Severity bar) {
        return ordinal() <= bar.ordinal();
    }

    /** The lower-case name used in JSON and Markdown. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label in any case. */
    @JsonCreator
    public static Severity of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
