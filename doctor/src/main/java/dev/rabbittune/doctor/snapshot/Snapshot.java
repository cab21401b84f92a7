package dev.rabbittune.doctor.snapshot;

/**
 * Everything the doctor observed at one moment.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written; a reader refuses a newer one
 * @param takenAt       ISO-8601 instant of the probe
 * @param source        where it came from (management URL, no credentials)
 * @param host          facts about the machine running the broker, or null when the broker is not local
 * @param broker        what the management API said (nodes, queues, connections …)
 * @param earlier       with {@code doctor --watch}, the snapshot taken that long before this one (its own
 *                      {@code earlier} is null); rules that need a trend compare the two. Null otherwise.
 */
public record Snapshot(int formatVersion, String takenAt, String source, HostFacts host, BrokerFacts broker,
        Snapshot earlier) {

    /**
     * The format this build writes; bump it when a field changes meaning or is removed. 2: the host's busy-wait
     * flags became a map ({@code brokerBusyWait}) and {@code earlier} was added.
     */
    public static final int FORMAT_VERSION = 2;

    public Snapshot {
        broker = broker == null ? BrokerFacts.empty() : broker;
    }

    /** A single snapshot (no watch). */
    public Snapshot(int formatVersion, String takenAt, String source, HostFacts host, BrokerFacts broker) {
        this(formatVersion, takenAt, source, host, broker, null);
    }

    /** This snapshot with {@code earlier} as the one taken before it (whose own earlier is dropped). */
    public Snapshot withEarlier(Snapshot before) {
        Snapshot flat = before == null ? null : new Snapshot(before.formatVersion, before.takenAt, before.source,
                before.host, before.broker, null);
        return new Snapshot(formatVersion, takenAt, source, host, broker, flat);
    }

    /** Seconds between {@code earlier} and this snapshot; 0 when there is no earlier one or a time is missing. */
    public double secondsSinceEarlier() {
        if (earlier == null || takenAt == null || earlier.takenAt == null) {
            return 0;
        }
        try {
            return java.time.Duration.between(java.time.Instant.parse(earlier.takenAt),
                    java.time.Instant.parse(takenAt)).toMillis() / 1000.0;
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }
}
