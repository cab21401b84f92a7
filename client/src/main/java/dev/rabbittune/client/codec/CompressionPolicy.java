package dev.rabbittune.client.codec;

import java.util.Objects;

/**
 * When to compress a message body before publishing, and with which codec.
 *
 * <p>A body shorter than {@code thresholdBytes} is sent as is: compressing a few hundred bytes saves little bandwidth
 * and costs both sides CPU. A body that does not shrink (already compressed, random) is also sent as is, so that its
 * consumers do not decompress for nothing. Otherwise the body is encoded and the codec's name is the
 * {@code content_encoding} to set. Immutable and thread-safe.
 *
 * <pre>{@code
 * CompressionPolicy policy = CompressionPolicy.of("zstd", CompressionPolicy.DEFAULT_THRESHOLD_BYTES);
 * EncodedBody encoded = policy.encode(json);
 * channel.basicPublish(exchange, key, props.builder().contentEncoding(encoded.contentEncoding()).build(),
 *         encoded.body());
 * // consumer side, whatever the producer chose:
 * byte[] body = Codecs.decode(delivery.getProperties().getContentEncoding(), delivery.getBody());
 * }</pre>
 *
 * @param codec          the codec for bodies at or above the threshold
 * @param thresholdBytes bodies shorter than this are not compressed; 0 compresses every body
 */
public record CompressionPolicy(Codec codec, int thresholdBytes) {

    /** 1 KiB: below that, most JSON messages fit one TCP segment anyway and the CPU costs more than the bytes saved. */
    public static final int DEFAULT_THRESHOLD_BYTES = 1024;

    /**
     * @throws NullPointerException     if codec is null
     * @throws IllegalArgumentException if thresholdBytes is negative
     */
    public CompressionPolicy {
        Objects.requireNonNull(codec, "codec");
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("thresholdBytes must be >= 0, was " + thresholdBytes);
        }
    }

    /**
     * The policy for a codec named by its {@code content_encoding} value.
     *
     * @throws CodecException if no codec has this name
     */
    public static CompressionPolicy of(String contentEncoding, int thresholdBytes) {
        return new CompressionPolicy(Codecs.named(contentEncoding), thresholdBytes);
    }

    /** Never compresses. */
    public static CompressionPolicy none() {
        return new CompressionPolicy(Codecs.identity(), 0);
    }

    /** The body to publish and the {@code content_encoding} to set (null: leave unset). */
    public EncodedBody encode(byte[] body) {
        if (body.length < thresholdBytes || codec == Codecs.identity()) {
            return new EncodedBody(body, null);
        }
        byte[] encoded = codec.encode(body);
        if (encoded.length >= body.length) {
            return new EncodedBody(body, null);
        }
        return new EncodedBody(encoded, codec.name());
    }
}
