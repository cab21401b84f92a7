package dev.rabbittune.client.codec;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The codecs, looked up by the AMQP {@code content_encoding} value that names them.
 *
 * <p>Names: {@code gzip} and {@code deflate} are the HTTP content codings (RFC 9110; deflate = the zlib format);
 * {@code lz4} (one LZ4 frame), {@code zstd} (one Zstandard frame, also the HTTP token since RFC 8878) and
 * {@code snappy} (the raw Snappy block format) are the names Kafka uses for the same codecs. Lookup ignores
 * case and surrounding blanks. No {@code content_encoding} (null or blank), {@code identity} and {@code none} all mean
 * an uncompressed body. Anything else is refused: a message is never handed on undecoded.
 *
 * <p>Every codec is thread-safe and immutable. Decoding refuses payloads that would decode to more than a maximum size
 * ({@link #DEFAULT_MAX_DECODED_BYTES} unless given), so that a small hostile message cannot exhaust the heap.
 */
public final class Codecs {

    /** The default maximum decoded size, 64 MiB; give a limit to {@link #named(String, int)} for larger bodies. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;

    private static final Map<String, IntFunction<Codec>> FACTORIES = Map.of(
            GzipCodec.NAME, GzipCodec::new,
            DeflateCodec.NAME, DeflateCodec::new,
            Lz4FrameCodec.NAME, Lz4FrameCodec::new,
            ZstdCodec.NAME, ZstdCodec::new,
            SnappyCodec.NAME, SnappyCodec::new,
            IdentityCodec.NAME, maxDecodedBytes -> IdentityCodec.INSTANCE,
            "none", maxDecodedBytes -> IdentityCodec.INSTANCE);

    // Codec instances only hold their limit; the native libraries load on first encode or decode.
    private static final Map<String, Codec> DEFAULTS = Map.of(
            GzipCodec.NAME, new GzipCodec(DEFAULT_MAX_DECODED_BYTES),
            DeflateCodec.NAME, new DeflateCodec(DEFAULT_MAX_DECODED_BYTES),
            Lz4FrameCodec.NAME, new Lz4FrameCodec(DEFAULT_MAX_DECODED_BYTES),
            ZstdCodec.NAME, new ZstdCodec(DEFAULT_MAX_DECODED_BYTES),
            SnappyCodec.NAME, new SnappyCodec(DEFAULT_MAX_DECODED_BYTES),
            IdentityCodec.NAME, IdentityCodec.INSTANCE,
            "none", IdentityCodec.INSTANCE);

    private Codecs() {
    }

    /**
     * The codec for a {@code content_encoding} value, decoding at most {@link #DEFAULT_MAX_DECODED_BYTES}.
     *
     * @param contentEncoding the property's value; null or blank means no compression
     * @throws CodecException if no codec has this name
     */
    public static Codec named(String contentEncoding) {
        Codec codec = DEFAULTS.get(normalize(contentEncoding));
        if (codec == null) {
            throw unknown(contentEncoding);
        }
        return codec;
    }

    /**
     * The codec for a {@code content_encoding} value, refusing payloads that decode to more than
     * {@code maxDecodedBytes}.
     *
     * @throws CodecException           if no codec has this name
     * @throws IllegalArgumentException if {@code maxDecodedBytes} is negative
     */
    public static Codec named(String contentEncoding, int maxDecodedBytes) {
        if (maxDecodedBytes < 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be >= 0, was " + maxDecodedBytes);
        }
        IntFunction<Codec> factory = FACTORIES.get(normalize(contentEncoding));
        if (factory == null) {
            throw unknown(contentEncoding);
        }
        return factory.apply(maxDecodedBytes);
    }

    /**
     * Decodes a received message body by its {@code content_encoding}, decoding at most
     * {@link #DEFAULT_MAX_DECODED_BYTES}.
     *
     * @throws CodecException if the encoding is unknown, or the payload corrupt, truncated or too large
     */
    public static byte[] decode(String contentEncoding, byte[] payload) {
        return named(contentEncoding).decode(payload);
    }

    /** The codec that leaves bodies as they are. */
    public static Codec identity() {
        return IdentityCodec.INSTANCE;
    }

    /** The accepted names, lower case, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(FACTORIES.keySet()));
    }

    private static String normalize(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return IdentityCodec.NAME;
        }
        return contentEncoding.strip().toLowerCase(Locale.ROOT);
    }

    private static CodecException unknown(String contentEncoding) {
        return new CodecException(contentEncoding, "unknown content encoding; supported: "
                + String.join(", ", new TreeSet<>(FACTORIES.keySet()))
                + " (a body is never passed on undecoded)");
    }
}
