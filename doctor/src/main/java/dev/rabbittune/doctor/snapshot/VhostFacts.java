package dev.rabbittune.doctor.snapshot;

import java.util.Map;

/** A virtual host and its limits ({@code max-connections}, {@code max-queues}); empty limits = none set. */
public record VhostFacts(String name, Map<String, Object> limits) {

    public VhostFacts {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }
}
