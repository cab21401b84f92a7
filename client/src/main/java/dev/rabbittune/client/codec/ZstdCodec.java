package dev.rabbittune.client.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code zstd}: one Zstandard frame (RFC 8878) at level 3, the library's default. Written frames carry the content
 * size (one allocation when decoding, and a bomb is refused before decoding) and the XXH64 content checksum (a corrupt
 * payload fails instead of decoding to wrong bytes; its cost is a few percent of compressing). Frames without a
 * content size, as streaming encoders write them, are decoded in a stream bounded by the maximum decoded size.
 */
final class ZstdCodec extends SizeLimitedCodec {

    static final String NAME = "zstd";

    private static final int LEVEL = 3;
    private static final long CONTENT_SIZE_UNKNOWN = -1;
    private static final long CONTENT_SIZE_ERROR = -2;

    ZstdCodec(int maxDecodedBytes) {
        super(NAME, maxDecodedBytes);
    }

    /**
     * Contexts loaded on first use (an application that never uses zstd never loads its native library). A context
     * per call would allocate and initialise the level's native tables for every message; see {@link ContextPool} for
     * why a pool and not a thread-local.
     */
    private static final class Contexts {
        static final ContextPool<ZstdCompressCtx> COMPRESS = new ContextPool<>(
                () -> new ZstdCompressCtx().setLevel(LEVEL).setChecksum(true).setContentSize(true),
                ZstdCompressCtx::close);
        static final ContextPool<ZstdDecompressCtx> DECOMPRESS = new ContextPool<>(ZstdDecompressCtx::new,
                ZstdDecompressCtx::close);
    }

    @Override
    public byte[] encode(byte[] body) {
        ZstdCompressCtx context = Contexts.COMPRESS.borrow();
        try {
            // Each call writes a complete new frame; the level and flags set at creation stay.
            byte[] frame = context.compress(body);
            Contexts.COMPRESS.giveBack(context);
            return frame;
        } catch (RuntimeException e) {
            Contexts.COMPRESS.discard(context);
            throw e;
        }
    }

    @Override
    public byte[] decode(byte[] payload) {
        // The shortest frame header is 6 bytes (magic and descriptor, then a block header follows).
        if (payload.length < 6) {
            throw CodecException.corrupt(NAME, "shorter than a zstd frame header");
        }
        long contentSize = Zstd.getFrameContentSize(payload);
        if (contentSize == CONTENT_SIZE_ERROR || (contentSize < 0 && contentSize != CONTENT_SIZE_UNKNOWN)) {
            throw CodecException.corrupt(NAME, "not a zstd frame, or its header is truncated");
        }
        if (contentSize > maxDecodedBytes) {
            throw CodecException.tooLarge(NAME, contentSize, maxDecodedBytes);
        }
        return contentSize == CONTENT_SIZE_UNKNOWN ? decodeStream(payload) : decodeSized(payload, (int) contentSize);
    }

    private byte[] decodeSized(byte[] payload, int contentSize) {
        ZstdDecompressCtx context = Contexts.DECOMPRESS.borrow();
        try {
            byte[] body = context.decompress(payload, contentSize);
            Contexts.DECOMPRESS.giveBack(context);
            return body;
        } catch (ZstdException e) {
            Contexts.DECOMPRESS.discard(context);
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        } catch (RuntimeException e) {
            Contexts.DECOMPRESS.discard(context);
            throw e;
        }
    }

    private byte[] decodeStream(byte[] payload) {
        BoundedOutput out = new BoundedOutput(NAME, 4L * payload.length, maxDecodedBytes);
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(payload))) {
            while (true) {
                int free = out.makeRoom(8192);
                int read = in.read(out.array(), out.size(), free);
                if (read < 0) {
                    break;
                }
                out.advance(read);
            }
        } catch (IOException | ZstdException e) {
            throw CodecException.corrupt(NAME, e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
