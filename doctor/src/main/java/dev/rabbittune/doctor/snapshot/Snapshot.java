package dev.rabbittune.doctor.snapshot;

/**
 * Everything the doctor observed at one moment.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written; a reader refuses a newer one
 * @param takenAt       ISO-8601 instant of the probe
 * @param source        where it came from (management URL, no credentials)
 * @param host          facts about the machine running the broker, or null when the broker is not local
 * @param broker        what the management API said (nodes, queues, connections …)
 */
public record Snapshot(int formatVersion, String takenAt, String source, HostFacts host, BrokerFacts broker) {

    /** The format this build writes; bump it when a field changes meaning or is removed. */
    public static final int FORMAT_VERSION = 1;

    public Snapshot {
        broker = broker == null ? BrokerFacts.empty() : broker;
    }
}
