package dev.rabbittune.bench;

/**
 * The first {@link Workload#STAMP_BYTES} bytes of a benchmark body: the send time ({@link System#nanoTime}, valid
 * only within this process) and a marker unique to the run, so that a message left over from another run or process
 * is counted but never gives a latency.
 */
final class MessageStamp {

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
