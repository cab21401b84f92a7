package dev.rabbittune.client.codec;

import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code gzip}: the gzip file format (RFC 1952), as {@code GZIPOutputStream} writes it and the HTTP token names.
 * Decoding accepts every header option (name, comment, extra field, header CRC) and concatenated members, and checks
 * each member's CRC-32 and length, so corrupt payloads fail instead of decoding to wrong bytes.
 */
final class GzipCodec extends SizeLimitedCodec {

    static final String NAME = "gzip";

    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xE0;

    private static final ContextPool<Deflater> DEFLATERS = DeflateStreams.deflaters(true);
    private static final ContextPool<Inflater> INFLATERS = DeflateStreams.inflaters(true);

    GzipCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    @Override
    public byte[] encode(byte[] body) {
        byte[] out = DeflateStreams.deflate(DEFLATERS, body, HEADER_BYTES, TRAILER_BYTES);
        // Magic, method 8 (deflate), no flags, no mtime, no extra flags, OS 255 (unknown): as GZIPOutputStream.
        out[0] = 0x1f;
        out[1] = (byte) 0x8b;
        out[2] = 8;
        out[9] = (byte) 0xff;
        CRC32 crc = new CRC32();
        crc.update(body);
        int trailer = out.length - TRAILER_BYTES;
        LittleEndian.putInt(out, trailer, (int) crc.getValue());
        LittleEndian.putInt(out, trailer + 4, body.length);
        return out;
    }

    @Override
    public byte[] decode(byte[] payload) {
        BoundedOutput out = new BoundedOutput(NAME, sizeHint(payload), maxDecodedBytes);
        int offset = 0;
        do {
            offset = decodeMember(payload, offset, out);
        } while (offset < payload.length);
        return out.toByteArray();
    }

    private int decodeMember(byte[] payload, int offset, BoundedOutput out) {
        int start = out.size();
        int end = DeflateStreams.inflate(INFLATERS, NAME, payload, skipHeader(payload, offset), out);
        if (payload.length - end < TRAILER_BYTES) {
            throw CodecException.corrupt(NAME, "the member ends before its CRC-32 and length trailer");
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), start, out.size() - start);
        if ((int) crc.getValue() != LittleEndian.getInt(payload, end)) {
            throw CodecException.corrupt(NAME, "CRC-32 mismatch");
        }
        if (out.size() - start != LittleEndian.getInt(payload, end + 4)) {
            throw CodecException.corrupt(NAME, "decoded length differs from the trailer's");
        }
        return end + TRAILER_BYTES;
    }

    /** Returns the offset of the deflate data after the member header at {@code offset}. */
    private static int skipHeader(byte[] payload, int offset) {
        if (payload.length - offset < HEADER_BYTES) {
            throw CodecException.corrupt(NAME, "shorter than a gzip header");
        }
        if (payload[offset] != 0x1f || payload[offset + 1] != (byte) 0x8b) {
            throw CodecException.corrupt(NAME, "not a gzip member (bad magic bytes at offset " + offset + ")");
        }
        int flags = payload[offset + 3] & 0xff;
        if (payload[offset + 2] != 8 || (flags & RESERVED_FLAGS) != 0) {
            throw CodecException.corrupt(NAME, "unsupported compression method or header flags");
        }
        int position = offset + HEADER_BYTES;
        if ((flags & FEXTRA) != 0) {
            position = requireAvailable(payload, position, 2);
            position += 2 + LittleEndian.getUnsignedShort(payload, position);
        }
        if ((flags & FNAME) != 0) {
            position = skipZeroTerminated(payload, position);
        }
        if ((flags & FCOMMENT) != 0) {
            position = skipZeroTerminated(payload, position);
        }
        if ((flags & FHCRC) != 0) {
            position = requireAvailable(payload, position, 2);
            CRC32 crc = new CRC32();
            crc.update(payload, offset, position - offset);
            if (((int) crc.getValue() & 0xffff) != LittleEndian.getUnsignedShort(payload, position)) {
                throw CodecException.corrupt(NAME, "header CRC mismatch");
            }
            position += 2;
        }
        return requireAvailable(payload, position, 0);
    }

    private static int skipZeroTerminated(byte[] payload, int position) {
        while (position < payload.length && payload[position] != 0) {
            position++;
        }
        return requireAvailable(payload, position, 1) + 1;
    }

    private static int requireAvailable(byte[] payload, int position, int bytes) {
        if (position + (long) bytes > payload.length) {
            throw CodecException.corrupt(NAME, "the header ends early");
        }
        return position;
    }

    /** The last trailer's length field (modulo 2^32), bounded by deflate's best ratio of 1032:1; a hint only. */
    private static long sizeHint(byte[] payload) {
        if (payload.length < HEADER_BYTES + TRAILER_BYTES) {
            return 0;
        }
        long lastLength = LittleEndian.getInt(payload, payload.length - 4) & 0xffffffffL;
        return Math.min(lastLength, 1032L * payload.length);
    }
}
