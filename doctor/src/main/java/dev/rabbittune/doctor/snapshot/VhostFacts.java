package dev.rabbittune.doctor.snapshot;

import java.util.Map;

/**
 * A virtual host.
 *
 * @param name         its name
 * @param limits       {@code max-connections}, {@code max-queues}; empty = none set
 * @param clusterState node to {@code running}, {@code stopped} or {@code nodedown} ({@code /api/vhosts}
 *                     {@code cluster_state}); empty when not read
 */
public record VhostFacts(String name, Map<String, Object> limits, Map<String, String> clusterState) {

    public VhostFacts {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        clusterState = clusterState == null ? Map.of() : Map.copyOf(clusterState);
    }

    /** A virtual host whose state on the nodes was not read. */
    public VhostFacts(String name, Map<String, Object> limits) {
        this(name, limits, null);
    }
}
