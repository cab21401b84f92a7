package dev.rabbittune.client.codec;

import java.util.Arrays;

/**
 * The growing output of a decoder whose decoded size is not known in advance; fails with
 * {@link CodecException#tooLarge} as soon as it would hold more than the maximum decoded size.
 */
final class BoundedOutput {

    // The largest array most JVMs can allocate.
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final String encoding;
    private final int maxBytes;
    // One byte more than allowed, so that exceeding the limit is observable.
    private final int capacityLimit;
    private byte[] buffer;
    private int size;

    BoundedOutput(String encoding, long sizeHintBytes, int maxBytes) {
        this.encoding = encoding;
        this.maxBytes = maxBytes;
        this.capacityLimit = (int) Math.min(maxBytes + 1L, MAX_ARRAY_BYTES);
        this.buffer = new byte[(int) Math.max(64, Math.min(sizeHintBytes, capacityLimit))];
    }

    /** Makes room for at least one more byte (more when possible) and returns the free space after {@link #size()}. */
    int makeRoom(int wantedBytes) {
        int free = buffer.length - size;
        if (free >= wantedBytes || (free > 0 && buffer.length == capacityLimit)) {
            return free;
        }
        if (buffer.length == capacityLimit) {
            throw CodecException.tooLarge(encoding, -1, maxBytes);
        }
        long grown = Math.max(2L * buffer.length, (long) size + wantedBytes);
        buffer = Arrays.copyOf(buffer, (int) Math.min(grown, capacityLimit));
        return buffer.length - size;
    }

    /** Records {@code bytes} written into {@link #array()} at {@link #size()}. */
    void advance(int bytes) {
        size += bytes;
        if (size > maxBytes) {
            throw CodecException.tooLarge(encoding, -1, maxBytes);
        }
    }

    byte[] array() {
        return buffer;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
}
