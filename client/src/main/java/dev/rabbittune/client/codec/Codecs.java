package dev.rabbittune.client.codec;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 * After the first coding only what needs no decoding may follow (a character set, {@code binary},
 * {@code identity}). Python's kombu names its compression in a {@code compression} header, not in
 * {@code content_encoding}: {@link #decodeMessage(com.rabbitmq.client.AMQP.BasicProperties, byte[])} refuses such a message
 * rather than hand on its compressed bytes.
 * No {@code content_encoding} (null or blank), {@code identity} and {@code none} all mean an uncompressed body.
 * Anything else is refused, and so is a compression inside another: a message is never handed on undecoded.
 *
 * <p>Every codec is thread-safe and immutable. Decoding refuses payloads that would decode to more than a maximum size
 * ({@link #DEFAULT_MAX_DECODED_BYTES} unless given), so that a small hostile message cannot exhaust the heap.
 */
public final class Codecs {

    /** The default maximum decoded size, 64 MiB; give a limit to {@link #named(String, int)} for larger bodies. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;

    /** The names {@link #create} makes a codec for. */
    private static final Set<String> NAMES = Set.of(GzipCodec.NAME, DeflateCodec.NAME, Lz4FrameCodec.NAME,
            ZstdCodec.NAME, SnappyCodec.NAME, ZipCodec.NAME, IdentityCodec.NAME, "none");

    /**
     * The codecs whose library is an optional dependency of rabbittune-client: a class of it, and the artifact an
     * application adds to use the codec.
     */
    private static final Map<String, String[]> LIBRARIES = Map.of(
            ZstdCodec.NAME, new String[] {"com.github.luben.zstd.Zstd", "com.github.luben:zstd-jni"},
            Lz4FrameCodec.NAME, new String[] {"net.jpountz.lz4.LZ4Factory", "at.yawk.lz4:lz4-java"},
            SnappyCodec.NAME, new String[] {"org.xerial.snappy.Snappy", "org.xerial.snappy:snappy-java"});

    // One shared instance per name at the default limit, made on first use: a codec whose library is absent is
    // never loaded. Codec instances only hold their limit; the native libraries load on first encode or decode.
    private static final Map<String, Codec> DEFAULTS = new java.util.concurrent.ConcurrentHashMap<>();

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
        if (key == null || !NAMES.contains(key)) {
            throw unknown(contentEncoding);
        }
        requireLibrary(key, contentEncoding);
        return DEFAULTS.computeIfAbsent(key, k -> create(k, DEFAULT_MAX_DECODED_BYTES));
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
        if (key == null || !NAMES.contains(key)) {
            throw unknown(contentEncoding);
        }
        requireLibrary(key, contentEncoding);
        return create(key, maxDecodedBytes);
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

    /**
     * Decodes a received message by its properties: its {@code content_encoding}, and refusing a message that
     * names a compression in a {@code compression} header (Python's kombu: {@code application/x-gzip}, ...), whose
     * body would otherwise pass as uncompressed.
     *
     * @throws CodecException as {@link #decode(String, byte[])}, and for a {@code compression} header
     */
    public static byte[] decodeMessage(com.rabbitmq.client.AMQP.BasicProperties properties, byte[] payload) {
        Object compression = properties.getHeaders() == null ? null : properties.getHeaders().get("compression");
        if (compression != null) {
            throw new CodecException(properties.getContentEncoding(), "the message names its compression in a "
                    + "'compression' header (" + compression + ", as Python's kombu writes), which is not supported");
        }
        return decode(properties.getContentEncoding(), payload);
    }

    /** The codec that leaves bodies as they are. */
    public static Codec identity() {
        return IdentityCodec.INSTANCE;
    }

    /** The accepted names, lower case, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(NAMES));
    }

    /** The separators of a list of codings: Spring AMQP writes ", " (2.3 on) or ":" (before 2.2.12). */
    private static final java.util.regex.Pattern CODINGS = java.util.regex.Pattern.compile("\\s*[,:]\\s*");

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
        String lower = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return lower; // the common case, without a split per message
        }
        String[] codings = CODINGS.split(lower, -1);
        for (String coding : codings) {
            if (coding.isEmpty()) {
                return null; // "gzip," or ":": not a list of codings
            }
        }
        String first = ALIASES.getOrDefault(codings[0], codings[0]);
        for (int i = 1; i < codings.length; i++) {
            // after the compression only what needs no decoding: a character set, binary, identity
            if (!codings[i].equals(IdentityCodec.NAME) && !codings[i].equals("none") && !isTextEncoding(codings[i])) {
                return null;
            }
        }
        if (NAMES.contains(first)) {
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

    /**
     * A new codec. A switch, not a map of constructor references: linking a reference links the codec's class,
     * which loads its library's classes, so an application without lz4-java could not even load this class.
     */
    private static Codec create(String key, int maxDecodedBytes) {
        return switch (key) {
            case GzipCodec.NAME -> new GzipCodec(maxDecodedBytes);
            case DeflateCodec.NAME -> new DeflateCodec(maxDecodedBytes);
            case Lz4FrameCodec.NAME -> new Lz4FrameCodec(maxDecodedBytes);
            case ZstdCodec.NAME -> new ZstdCodec(maxDecodedBytes);
            case SnappyCodec.NAME -> new SnappyCodec(maxDecodedBytes);
            case ZipCodec.NAME -> new ZipCodec(maxDecodedBytes);
            default -> IdentityCodec.INSTANCE;
        };
    }

    /** The codecs whose library was found: checked once each. */
    private static final Set<String> LIBRARY_FOUND = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The codec's library is on the class path, or the error names the artifact to add. */
    private static void requireLibrary(String key, String contentEncoding) {
        String[] library = LIBRARIES.get(key);
        if (library == null || LIBRARY_FOUND.contains(key)) {
            return;
        }
        try {
            Class.forName(library[0], false, Codecs.class.getClassLoader());
            LIBRARY_FOUND.add(key);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecException(contentEncoding, "needs " + library[1] + " on the class path: add it to the "
                    + "application's dependencies (an optional dependency of rabbittune-client, for the codecs used; "
                    + "on the module path, also resolve its module)");
        }
    }

    private static CodecException unknown(String contentEncoding) {
        return new CodecException(contentEncoding, "unknown content encoding; supported: "
                + String.join(", ", new TreeSet<>(NAMES))
                + ", x-gzip, those followed by a character set (gzip, UTF-8), or a character set alone"
                + " (a body is never passed on undecoded)");
    }
}
