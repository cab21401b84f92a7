package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import java.util.HashMap;
import java.util.Map;

/**
 * How one run stamps its messages with their send time and turns a received stamp into a latency. The stamp is in
 * the body ({@link MessageStamp}) unless the body is the user's (files, JSON), where it goes into the
 * {@value #HEADER} header as PerfTest puts it (PerfTest's Producer.TIMESTAMP_HEADER), with the run's marker in
 * {@value #RUN_HEADER}. With {@code useMillis} stamps are wall-clock milliseconds, readable by any process.
 * Thread-safe.
 */
final class Stamps {

    static final String HEADER = "timestamp";
    static final String RUN_HEADER = "x-rabbittune-run";

    private final long origin;
    private final int runMarker;
    private final boolean useMillis;
    private final boolean inHeader;
    /** Wall clock minus {@link System#nanoTime}, in nanoseconds: turns a stamp's nanoTime into wall-clock time. */
    private final long wallOffsetNanos;

    Stamps(long origin, int runMarker, boolean useMillis, boolean inHeader) {
        this.origin = origin;
        this.runMarker = runMarker;
        this.useMillis = useMillis;
        this.inHeader = inHeader;
        this.wallOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    boolean inHeader() {
        return inHeader;
    }

    /** Writes the stamp for a message sent (or due) at {@code stampNanos} into {@code body}, unless in a header. */
    void stampBody(byte[] body, long stampNanos) {
        if (inHeader) {
            return;
        }
        if (useMillis) {
            MessageStamp.write(body, wallMillis(stampNanos), MessageStamp.MILLIS_MARKER);
        } else {
            MessageStamp.write(body, stampNanos - origin, runMarker);
        }
    }

    /** {@code headers} plus the stamp for a message sent at {@code stampNanos}. */
    Map<String, Object> stampHeaders(Map<String, Object> headers, long stampNanos) {
        Map<String, Object> stamped = headers == null ? new HashMap<>() : new HashMap<>(headers);
        if (useMillis) {
            stamped.put(HEADER, wallMillis(stampNanos));
        } else {
            stamped.put(HEADER, stampNanos - origin);
            stamped.put(RUN_HEADER, runMarker);
        }
        return stamped;
    }

    /** The latency of a message received at {@code receivedNanos}, or -1 when it carries no stamp it can trust. */
    long latencyNanos(AMQP.BasicProperties properties, byte[] body, long receivedNanos) {
        long millis = MessageStamp.readMillis(body);
        if (millis >= 0) {
            return fromWallMillis(millis, receivedNanos);
        }
        long stamp = MessageStamp.read(body, runMarker);
        if (stamp >= 0) {
            return receivedNanos - origin - stamp;
        }
        Map<String, Object> headers = properties == null ? null : properties.getHeaders();
        if (headers == null || !(headers.get(HEADER) instanceof Long header)) {
            return -1;
        }
        if (useMillis) {
            return fromWallMillis(header, receivedNanos);
        }
        Object marker = headers.get(RUN_HEADER);
        return marker instanceof Integer run && run == runMarker ? receivedNanos - origin - header : -1;
    }

    private long wallMillis(long nanos) {
        return (nanos + wallOffsetNanos) / 1_000_000L;
    }

    private long fromWallMillis(long sentMillis, long receivedNanos) {
        // clocks of two hosts may disagree by a little: a negative latency is clock skew, not a measurement
        long latency = (receivedNanos + wallOffsetNanos) - sentMillis * 1_000_000L;
        return latency < 0 ? -1 : latency;
    }
}
