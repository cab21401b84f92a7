package dev.rabbittune.bench;

/** Socket I/O of a run's connections: {@link #AUTO} lets the engine choose for the workload. */
public enum IoMode {
    AUTO, NIO, BLOCKING
}
