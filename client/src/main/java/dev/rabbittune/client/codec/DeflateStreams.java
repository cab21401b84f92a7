package dev.rabbittune.client.codec;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The deflate loops shared by the zlib ({@code deflate}) and gzip codecs, over pooled {@link Deflater}s and
 * {@link Inflater}s. */
final class DeflateStreams {

    private DeflateStreams() {
    }

    /** A pool of deflaters at the default level (6, as {@code GZIPOutputStream}); {@code nowrap} = raw deflate. */
    static ContextPool<Deflater> deflaters(boolean nowrap) {
        return new ContextPool<>(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, nowrap), Deflater::end);
    }

    static ContextPool<Inflater> inflaters(boolean nowrap) {
        return new ContextPool<>(() -> new Inflater(nowrap), Inflater::end);
    }

    /**
     * Deflates {@code body} into a new array, leaving {@code headerBytes} free before the compressed data; the result
     * has {@code trailerBytes} free after it. Returns the array and, through its length, where the data ends.
     */
    static byte[] deflate(ContextPool<Deflater> pool, byte[] body, int headerBytes, int trailerBytes) {
        Deflater deflater = pool.borrow();
        try {
            deflater.setInput(body);
            deflater.finish();
            // JSON-like bodies shrink 4-10x; incompressible ones grow the buffer once or twice.
            byte[] out = new byte[headerBytes + body.length / 2 + 64];
            int end = headerBytes;
            while (!deflater.finished()) {
                if (end == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                end += deflater.deflate(out, end, out.length - end);
            }
            deflater.reset();
            pool.giveBack(deflater);
            return Arrays.copyOf(out, end + trailerBytes);
        } catch (RuntimeException e) {
            pool.discard(deflater);
            throw e;
        }
    }

    /**
     * Inflates one deflate stream starting at {@code offset} into {@code out}; returns the offset just after the
     * stream's end.
     */
    static int inflate(ContextPool<Inflater> pool, String encoding, byte[] payload, int offset, BoundedOutput out) {
        Inflater inflater = pool.borrow();
        try {
            inflater.setInput(payload, offset, payload.length - offset);
            while (!inflater.finished()) {
                int free = out.makeRoom(8192);
                int written = inflater.inflate(out.array(), out.size(), free);
                out.advance(written);
                if (written == 0 && !inflater.finished() && inflater.needsInput()) {
                    throw CodecException.corrupt(encoding, "the deflate stream ends before its last block");
                }
                if (inflater.needsDictionary()) {
                    throw CodecException.corrupt(encoding, "the stream needs a preset dictionary");
                }
            }
            int end = payload.length - inflater.getRemaining();
            inflater.reset();
            pool.giveBack(inflater);
            return end;
        } catch (DataFormatException e) {
            pool.discard(inflater);
            throw CodecException.corrupt(encoding, e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.discard(inflater);
            throw e;
        }
    }
}
