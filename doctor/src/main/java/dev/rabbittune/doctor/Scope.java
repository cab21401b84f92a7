package dev.rabbittune.doctor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a finding is about. */
public enum Scope {
    HOST, BROKER, CLUSTER, QUEUE, CONNECTION;

    /** The lower-case name used in JSON and Markdown. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label in any case. */
    @JsonCreator
    public static Scope of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
