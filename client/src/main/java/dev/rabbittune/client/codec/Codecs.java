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
 * {@code snappy} (the raw Snappy block format) are the names Kafka uses for the same codecs; {@code zip} is a ZIP
 * archive of one entry. Lookup ignores case and surrounding blanks.
 *
 * <p>What other clients write is read too:
 * <ul>
 *   <li>{@code x-gzip}, which RFC 9110 §8.4.1.3 says to take as {@code gzip};</li>
 *   <li>Spring AMQP's compressing post-processors: {@code gzip}, {@code zip} and {@code deflate} (zlib), followed,
 *       when the message had a content encoding before, by {@code ", "} (since 2.3) or {@code ":"} (before
 *       2.2.12) and that encoding, e.g. {@code gzip, UTF-8} (spring-amqp
 *       AbstractCompressingPostProcessor.java): the first coding is decoded, the rest must name no compression;</li>
 *   <li>a character set alone ({@code UTF-8}, as Spring's converters and Python's kombu write for text) or
 *       {@code binary} (kombu, for bytes): the body is not compressed.</li>
 * </ul>
 * No {@code content_encoding} (null or blank), {@code identity} and {@code none} all mean an uncompressed body.
 * Anything else is refused, and so is a compression inside another: a message is never handed on undecoded.
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
            ZipCodec.NAME, ZipCodec::new,
            IdentityCodec.NAME, maxDecodedBytes -> IdentityCodec.INSTANCE,
            "none", maxDecodedBytes -> IdentityCodec.INSTANCE);

    // Codec instances only hold their limit; the native libraries load on first encode or decode.
    private static final Map<String, Codec> DEFAULTS = Map.of(
            GzipCodec.NAME, new GzipCodec(DEFAULT_MAX_DECODED_BYTES),
            DeflateCodec.NAME, new DeflateCodec(DEFAULT_MAX_DECODED_BYTES),
            Lz4FrameCodec.NAME, new Lz4FrameCodec(DEFAULT_MAX_DECODED_BYTES),
            ZstdCodec.NAME, new ZstdCodec(DEFAULT_MAX_DECODED_BYTES),
            SnappyCodec.NAME, new SnappyCodec(DEFAULT_MAX_DECODED_BYTES),
            ZipCodec.NAME, new ZipCodec(DEFAULT_MAX_DECODED_BYTES),
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
        String key = normalize(contentEncoding);
        Codec codec = key == null ? null : DEFAULTS.get(key);
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
        String key = normalize(contentEncoding);
        IntFunction<Codec> factory = key == null ? null : FACTORIES.get(key);
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

    /** Other names for a codec: {@code x-gzip} (RFC 9110 §8.4.1.3). */
    private static final Map<String, String> ALIASES = Map.of("x-gzip", GzipCodec.NAME);

    /**
     * The codec's key for a {@code content_encoding} value; null when it names no codec. A list
     * ({@code "gzip, UTF-8"}, {@code "gzip:UTF-8"}) is keyed by its first coding when the others name no
     * compression; a character set or {@code binary} alone is an uncompressed body.
     */
    private static String normalize(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return IdentityCodec.NAME;
        }
        String[] codings = contentEncoding.strip().toLowerCase(Locale.ROOT).split("\\s*[,:]\\s*");
        String first = ALIASES.getOrDefault(codings[0], codings[0]);
        for (int i = 1; i < codings.length; i++) {
            String later = ALIASES.getOrDefault(codings[i], codings[i]);
            if (FACTORIES.containsKey(later) && !later.equals(IdentityCodec.NAME) && !later.equals("none")) {
                return null; // a compression inside another: not one body this library decodes in one step
            }
        }
        if (FACTORIES.containsKey(first)) {
            return first;
        }
        return codings.length == 1 && isTextEncoding(first) ? IdentityCodec.NAME : null;
    }

    /** {@code binary} (kombu's word for raw bytes) or a character set this JVM knows: not a compression. */
    private static boolean isTextEncoding(String name) {
        if (name.equals("binary")) {
            return true;
        }
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    private static CodecException unknown(String contentEncoding) {
        return new CodecException(contentEncoding, "unknown content encoding; supported: "
                + String.join(", ", new TreeSet<>(FACTORIES.keySet()))
                + ", x-gzip, those followed by a character set (gzip, UTF-8), or a character set alone"
                + " (a body is never passed on undecoded)");
    }
}
