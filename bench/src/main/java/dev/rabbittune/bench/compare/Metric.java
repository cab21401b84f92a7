package dev.rabbittune.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;

/** What compare reads from a bench result, and which way is better. */
public enum Metric {
    THROUGHPUT("throughput", "msg/s", true),
    P50("p50", "ms", false),
    P99("p99", "ms", false),
    P999("p999", "ms", false),
    MAX("max", "ms", false),
    CPU_PER_MESSAGE("cpu", "us/msg", false);

    private final String label;
    private final String unit;
    private final boolean higherIsBetter;

    Metric(String label, String unit, boolean higherIsBetter) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The value in a bench result ({@code rabbittune bench --json}): throughput as delivered with consumers. */
    double of(JsonNode result) {
        JsonNode latency = result.path("latency");
        return switch (this) {
            case THROUGHPUT -> result.path("workload").path("consumers").asInt(0) > 0
                    ? result.path("rates").path("received").asDouble() : result.path("rates").path("sent").asDouble();
            case P50 -> latency.path("p50Ms").asDouble();
            case P99 -> latency.path("p99Ms").asDouble();
            case P999 -> latency.path("p999Ms").asDouble();
            case MAX -> latency.path("maxMs").asDouble();
            case CPU_PER_MESSAGE -> {
                long messages = Math.max(result.path("counts").path("received").asLong(),
                        result.path("counts").path("sent").asLong());
                yield messages == 0 ? 0 : result.path("clientCpuSeconds").asDouble() * 1e6 / messages;
            }
        };
    }

    /** By its label (throughput, p50, p99, p999, max, cpu), or null. */
    static Metric named(String label) {
        for (Metric m : values()) {
            if (m.label.equalsIgnoreCase(label)) {
                return m;
            }
        }
        return null;
    }
}
