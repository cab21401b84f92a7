package dev.rabbittune.client.codec;

import java.io.IOException;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * {@code snappy}: the raw Snappy block format ({@code Snappy.compress} in Java, {@code snappy.compress} in Python,
 * {@code snappy.Encode} in Go), whose varint preamble declares the decoded length: a bomb is refused before anything
 * is allocated. The format has no checksum: a payload whose structure is broken (bad preamble, truncation, copy
 * outside the output) fails, but a flipped literal byte decodes to a wrong byte. Use gzip, deflate, lz4 or zstd when
 * corruption must always be detected (RabbitMQ's own transport is TCP, which already checksums every segment).
 */
final class SnappyCodec extends SizeLimitedCodec {

    static final String NAME = "snappy";

    SnappyCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    @Override
    public byte[] encode(byte[] body) {
        try {
            return Snappy.compress(body);
        } catch (IOException | SnappyError e) {
            throw new CodecException(NAME, "cannot compress: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decode(byte[] payload) {
        try {
            int length = Snappy.uncompressedLength(payload);
            if (length < 0 || length > maxDecodedBytes) {
                throw CodecException.tooLarge(NAME, length < 0 ? -1 : length, maxDecodedBytes);
            }
            byte[] body = new byte[length];
            int decoded = Snappy.uncompress(payload, 0, payload.length, body, 0);
            if (decoded != length) {
                throw CodecException.corrupt(NAME, "decoded " + decoded + " bytes, the preamble declares " + length);
            }
            return body;
        } catch (IOException | SnappyError e) {
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        }
    }
}
