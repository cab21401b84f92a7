package dev.rabbittune.client.codec;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * {@code lz4}: one standard LZ4 frame (the format of the {@code lz4} command and of {@code lz4.frame} in Python, spec
 * at github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), so consumers in any language can read it.
 *
 * <p>Written frames carry the content size (so a decoder allocates once and can refuse a bomb before decoding) and an
 * XXH32 checksum after each block (so a corrupt payload fails instead of decoding to wrong bytes). The block checksum
 * rather than the content checksum: it hashes the compressed bytes, a half (1 KB) to a quarter (10 KB) of a JSON body,
 * and still covers every stored byte; measured, the two hashes are about 15% of a 1 KB round trip. Blocks are
 * independent and as large as the body needs (64 KiB up to 4 MiB). They are compressed with the block API rather
 * than {@code LZ4FrameOutputStream}, which allocates two block-sized buffers per stream: too much for a 1 KB message.
 * Decoding accepts any frame with independent blocks, with or without content size and block or content checksums;
 * frames with linked blocks or a dictionary id, legacy frames and data after the frame are rejected.
 */
final class Lz4FrameCodec extends SizeLimitedCodec {

    static final String NAME = "lz4";

    private static final int MAGIC = 0x184D2204;
    private static final int VERSION_MASK = 0xC0;
    private static final int VERSION_01 = 0x40;
    private static final int BLOCK_INDEPENDENCE = 0x20;
    private static final int BLOCK_CHECKSUM = 0x10;
    private static final int CONTENT_SIZE = 0x08;
    private static final int CONTENT_CHECKSUM = 0x04;
    private static final int RESERVED = 0x02;
    private static final int DICTIONARY_ID = 0x01;
    private static final int UNCOMPRESSED_BLOCK = 0x80000000;
    // Magic, FLG, BD, content size, header checksum.
    private static final int WRITTEN_HEADER_BYTES = 4 + 1 + 1 + 8 + 1;

    Lz4FrameCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    /**
     * The library's stateless, thread-safe block compressor, decompressor and hash, loaded on first use so that an
     * application that never uses LZ4 never loads its native library.
     */
    private static final class Lz4 {
        static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
        // The safe decompressor bounds every read and write, so hostile input cannot crash the JVM.
        static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
        static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();
        // The 10-byte header hash: a JNI call costs more than hashing 10 bytes in Java.
        static final XXHash32 XXH32_SHORT = XXHashFactory.fastestJavaInstance().hash32();
    }

    @Override
    public byte[] encode(byte[] body) {
        int blockSizeId = blockSizeId(body.length);
        int blockMaxBytes = blockMaxBytes(blockSizeId);
        int blocks = (int) ((body.length + (long) blockMaxBytes - 1) / blockMaxBytes);
        // Per block: size, checksum and the compressor's worst case; then the end mark.
        byte[] out = new byte[WRITTEN_HEADER_BYTES + 24 * blocks + Lz4.COMPRESSOR.maxCompressedLength(body.length) + 4];
        LittleEndian.putInt(out, 0, MAGIC);
        out[4] = (byte) (VERSION_01 | BLOCK_INDEPENDENCE | BLOCK_CHECKSUM | CONTENT_SIZE);
        out[5] = (byte) (blockSizeId << 4);
        LittleEndian.putLong(out, 6, body.length);
        out[14] = headerChecksum(out, 4, 14);
        int position = WRITTEN_HEADER_BYTES;
        for (int offset = 0; offset < body.length; offset += blockMaxBytes) {
            position = writeBlock(body, offset, Math.min(blockMaxBytes, body.length - offset), out, position);
        }
        LittleEndian.putInt(out, position, 0);
        return Arrays.copyOf(out, position + 4);
    }

    /** Writes one block (size, data, checksum) at {@code position}; returns the position after it. */
    private static int writeBlock(byte[] body, int offset, int length, byte[] out, int position) {
        int data = position + 4;
        int stored = Lz4.COMPRESSOR.compress(body, offset, length, out, data, out.length - data);
        if (stored < length) {
            LittleEndian.putInt(out, position, stored);
        } else {
            // Incompressible block: stored as is, flagged by the high bit of its size.
            stored = length;
            System.arraycopy(body, offset, out, data, length);
            LittleEndian.putInt(out, position, length | UNCOMPRESSED_BLOCK);
        }
        LittleEndian.putInt(out, data + stored, Lz4.XXH32.hash(out, data, stored, 0));
        return data + stored + 4;
    }

    @Override
    public byte[] decode(byte[] payload) {
        try {
            return new FrameReader(payload).read();
        } catch (LZ4Exception e) {
            throw CodecException.corrupt(NAME, "invalid LZ4 block: " + e.getMessage(), e);
        }
    }

    /** Reads one frame; a new reader per payload. */
    private final class FrameReader {
        private final byte[] payload;
        private int position;
        private int flags;
        private int blockMaxBytes;
        private long contentSize = -1;

        FrameReader(byte[] payload) {
            this.payload = payload;
        }

        byte[] read() {
            contentSize = readHeader();
            if (contentSize > maxDecodedBytes) {
                throw CodecException.tooLarge(NAME, contentSize, maxDecodedBytes);
            }
            // Without a declared size, start at 4x and grow (bounded) as blocks arrive.
            BoundedOutput out = new BoundedOutput(NAME, contentSize >= 0 ? contentSize : 4L * payload.length,
                    maxDecodedBytes);
            while (readBlock(out)) {
                // until the end mark
            }
            if (contentSize >= 0 && out.size() != contentSize) {
                throw CodecException.corrupt(NAME, "decoded " + out.size() + " bytes, the header declares " + contentSize);
            }
            if ((flags & CONTENT_CHECKSUM) != 0
                    && Lz4.XXH32.hash(out.array(), 0, out.size(), 0) != LittleEndian.getInt(payload, take(4))) {
                throw CodecException.corrupt(NAME, "content checksum mismatch");
            }
            if (position != payload.length) {
                throw CodecException.corrupt(NAME, (payload.length - position) + " unexpected bytes after the frame");
            }
            return out.toByteArray();
        }

        /** Returns the declared content size, or -1 when the frame does not declare it. */
        private long readHeader() {
            if (LittleEndian.getInt(payload, take(4)) != MAGIC) {
                throw CodecException.corrupt(NAME, "not an LZ4 frame (bad magic number)");
            }
            int descriptor = take(2);
            flags = payload[descriptor] & 0xff;
            int blockDescriptor = payload[descriptor + 1] & 0xff;
            if ((flags & VERSION_MASK) != VERSION_01 || (flags & RESERVED) != 0 || (blockDescriptor & 0x8F) != 0
                    || blockDescriptor >> 4 < 4) {
                throw CodecException.corrupt(NAME, "unsupported frame version or invalid frame descriptor");
            }
            if ((flags & BLOCK_INDEPENDENCE) == 0 || (flags & DICTIONARY_ID) != 0) {
                throw CodecException.corrupt(NAME, "linked blocks and dictionaries are not supported");
            }
            blockMaxBytes = blockMaxBytes(blockDescriptor >> 4);
            long declared = (flags & CONTENT_SIZE) != 0 ? LittleEndian.getLong(payload, take(8)) : -1;
            if (payload[take(1)] != headerChecksum(payload, descriptor, position - 1)) {
                throw CodecException.corrupt(NAME, "frame header checksum mismatch");
            }
            if ((flags & CONTENT_SIZE) != 0 && declared < 0) {
                // Above 2^63 bytes: certainly over any limit.
                throw CodecException.tooLarge(NAME, -1, maxDecodedBytes);
            }
            return declared;
        }

        /** Decodes the next block into {@code out}; false at the end mark. */
        private boolean readBlock(BoundedOutput out) {
            int header = LittleEndian.getInt(payload, take(4));
            if (header == 0) {
                return false;
            }
            int length = header & ~UNCOMPRESSED_BLOCK;
            if (length > blockMaxBytes) {
                throw CodecException.corrupt(NAME, "block of " + length + " bytes exceeds the frame's block size");
            }
            int data = take(length);
            if ((flags & BLOCK_CHECKSUM) != 0
                    && Lz4.XXH32.hash(payload, data, length, 0) != LittleEndian.getInt(payload, take(4))) {
                throw CodecException.corrupt(NAME, "block checksum mismatch");
            }
            if ((header & UNCOMPRESSED_BLOCK) != 0) {
                if (out.makeRoom(length) < length) {
                    throw CodecException.tooLarge(NAME, -1, maxDecodedBytes);
                }
                System.arraycopy(payload, data, out.array(), out.size(), length);
                out.advance(length);
            } else {
                out.advance(decompressBlock(data, length, out));
            }
            return true;
        }

        private int decompressBlock(int data, int length, BoundedOutput out) {
            // A declared content size bounds every block: no buffer beyond it, and a block that overflows it is corrupt.
            int wanted = contentSize >= 0 ? (int) Math.min(blockMaxBytes, contentSize - out.size()) : blockMaxBytes;
            int free = out.makeRoom(wanted);
            if (free >= wanted) {
                return Lz4.DECOMPRESSOR.decompress(payload, data, length, out.array(), out.size(), free);
            }
            // Near the decoded-size limit: decode aside to tell "too large" from "corrupt".
            byte[] block = new byte[blockMaxBytes];
            int decoded = Lz4.DECOMPRESSOR.decompress(payload, data, length, block, 0, blockMaxBytes);
            if (decoded > free) {
                throw CodecException.tooLarge(NAME, -1, maxDecodedBytes);
            }
            System.arraycopy(block, 0, out.array(), out.size(), decoded);
            return decoded;
        }

        /** Consumes {@code bytes} bytes and returns their offset; fails if the payload ends first. */
        private int take(int bytes) {
            if (payload.length - position < bytes) {
                throw CodecException.corrupt(NAME, "the frame ends early (truncated)");
            }
            int start = position;
            position += bytes;
            return start;
        }
    }

    /** The smallest block size that holds the whole body, from 64 KiB (id 4) to 4 MiB (id 7). */
    private static int blockSizeId(int bodyBytes) {
        int id = 4;
        while (id < 7 && bodyBytes > blockMaxBytes(id)) {
            id++;
        }
        return id;
    }

    private static int blockMaxBytes(int blockSizeId) {
        return 1 << (8 + 2 * blockSizeId);
    }

    private static byte headerChecksum(byte[] bytes, int from, int to) {
        return (byte) (Lz4.XXH32_SHORT.hash(bytes, from, to - from, 0) >> 8);
    }
}
