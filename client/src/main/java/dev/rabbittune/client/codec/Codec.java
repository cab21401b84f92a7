package dev.rabbittune.client.codec;

/**
 * A compression format named by the AMQP {@code content_encoding} message property.
 *
 * <p>Obtain one from {@link Codecs#named(String)}; to decide per message whether to compress at all, wrap it in a
 * {@link CompressionPolicy}. Every codec is thread-safe: one instance may encode and decode on many threads at once.
 * Decoding is strict: a payload that is not a complete, intact message in this format fails with a
 * {@link CodecException}; the raw bytes are never returned in place of a decoded body.
 */
public interface Codec {

    /**
     * The {@code content_encoding} value this codec writes and reads, lower case: {@code identity}, {@code gzip},
     * {@code deflate}, {@code lz4}, {@code zstd} or {@code snappy}.
     */
    String name();

    /**
     * Compresses a message body. The argument is not modified; the result is a new array (the identity codec returns
     * the argument itself).
     */
    byte[] encode(byte[] body);

    /**
     * Decompresses a message body written by {@link #encode(byte[])} or by any other implementation of the same
     * format.
     *
     * @throws CodecException if the payload is corrupt or truncated, or would decode to more than the codec's maximum
     *                        decoded size ({@link Codecs#DEFAULT_MAX_DECODED_BYTES} unless configured otherwise)
     */
    byte[] decode(byte[] payload);
}
