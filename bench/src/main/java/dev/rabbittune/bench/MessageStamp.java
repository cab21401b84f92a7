package dev.rabbittune.bench;

/**
 * The first {@link Workload#STAMP_BYTES} bytes of a benchmark body: the send time ({@link System#nanoTime}, valid
 * only within this process) and a marker unique to the run, so that a message left over from another run or process
 * is counted but never gives a latency. Bodies of {@link Workload#ID_BYTES} or more also carry the message's
 * identity, the producer's index and its sequence number, so that consumers can tell a duplicate (a redelivery after
 * a connection failure) from a new message and the run can name the messages that never arrived.
 * With {@code --use-millis} the time is the wall clock in milliseconds and the
 * marker is {@link #MILLIS_MARKER}, the same in every process, so that producers and consumers on different hosts
 * (with synchronized clocks) measure latency, as PerfTest's {@code --use-millis} does.
 */
final class MessageStamp {

    /** The marker of wall-clock stamps ("rtms"): any run's consumer reads them. */
    static final int MILLIS_MARKER = 0x72746d73;

    private MessageStamp() {
    }

    static void write(byte[] body, long nanos, int runMarker) {
        if (body.length < Workload.STAMP_BYTES) {
            return;
        }
        for (int i = 7; i >= 0; i--) {
            body[i] = (byte) nanos;
            nanos >>>= 8;
        }
        body[8] = (byte) (runMarker >>> 24);
        body[9] = (byte) (runMarker >>> 16);
        body[10] = (byte) (runMarker >>> 8);
        body[11] = (byte) runMarker;
    }

    /** Writes the identity of the {@code seq}-th message (from 0) of producer {@code producer}. */
    static void writeId(byte[] body, int producer, long seq) {
        if (body.length < Workload.ID_BYTES) {
            return;
        }
        writeInt(body, 12, producer);
        writeInt(body, 16, (int) (seq >>> 32));
        writeInt(body, 20, (int) seq);
    }

    /** The producer of a body that {@link #read} found stamped by this run, or -1 when it carries no identity. */
    static int producer(byte[] body) {
        return body.length < Workload.ID_BYTES ? -1 : readInt(body, 12);
    }

    /** The sequence number of a body whose {@link #producer} is known. */
    static long seq(byte[] body) {
        return (long) readInt(body, 16) << 32 | readInt(body, 20) & 0xffffffffL;
    }

    private static void writeInt(byte[] body, int at, int value) {
        body[at] = (byte) (value >>> 24);
        body[at + 1] = (byte) (value >>> 16);
        body[at + 2] = (byte) (value >>> 8);
        body[at + 3] = (byte) value;
    }

    private static int readInt(byte[] body, int at) {
        return (body[at] & 0xff) << 24 | (body[at + 1] & 0xff) << 16 | (body[at + 2] & 0xff) << 8 | body[at + 3] & 0xff;
    }

    /** The wall-clock stamp ({@link System#currentTimeMillis}) of {@code body}, or -1 when it carries none. */
    static long readMillis(byte[] body) {
        return read(body, MILLIS_MARKER);
    }

    /** The stamp of {@code body}, or -1 when it carries none from this run. */
    static long read(byte[] body, int runMarker) {
        if (body == null || body.length < Workload.STAMP_BYTES) {
            return -1;
        }
        int marker = (body[8] & 0xff) << 24 | (body[9] & 0xff) << 16 | (body[10] & 0xff) << 8 | (body[11] & 0xff);
        if (marker != runMarker) {
            return -1;
        }
        long nanos = 0;
        for (int i = 0; i < 8; i++) {
            nanos = nanos << 8 | (body[i] & 0xff);
        }
        return nanos;
    }
}
