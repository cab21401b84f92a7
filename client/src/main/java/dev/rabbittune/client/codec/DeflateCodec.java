package dev.rabbittune.client.codec;

import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code deflate}: the zlib format (RFC 1950: deflate data with a 2-byte header and an Adler-32 trailer), which is what
 * the HTTP token {@code deflate} names (RFC 9110 §8.4.1.2). Raw deflate without the zlib wrapper is rejected as
 * corrupt. The Adler-32 trailer makes corrupt payloads fail instead of decoding to wrong bytes.
 */
final class DeflateCodec extends SizeLimitedCodec {

    static final String NAME = "deflate";

    private static final ContextPool<Deflater> DEFLATERS = DeflateStreams.deflaters(false);
    private static final ContextPool<Inflater> INFLATERS = DeflateStreams.inflaters(false);

    DeflateCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    @Override
    public byte[] encode(byte[] body) {
        return DeflateStreams.deflate(DEFLATERS, body, 0, 0);
    }

    @Override
    public byte[] decode(byte[] payload) {
        // Nothing in the format tells the decoded size: start at 4x (JSON typically compresses 4-10x) and grow.
        BoundedOutput out = new BoundedOutput(NAME, 4L * payload.length, maxDecodedBytes);
        int end = DeflateStreams.inflate(INFLATERS, NAME, payload, 0, out);
        if (end != payload.length) {
            throw CodecException.corrupt(NAME, (payload.length - end) + " unexpected bytes after the end of the stream");
        }
        return out.toByteArray();
    }
}
