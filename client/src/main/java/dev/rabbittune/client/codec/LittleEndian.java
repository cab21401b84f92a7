package dev.rabbittune.client.codec;

/** Little-endian integers in byte arrays, as the gzip and LZ4 frame formats store them. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int getInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    static int getUnsignedShort(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    static long getLong(byte[] bytes, int offset) {
        return (getInt(bytes, offset) & 0xffffffffL) | (long) getInt(bytes, offset + 4) << 32;
    }

    static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }

    static void putLong(byte[] bytes, int offset, long value) {
        putInt(bytes, offset, (int) value);
        putInt(bytes, offset + 4, (int) (value >>> 32));
    }
}
