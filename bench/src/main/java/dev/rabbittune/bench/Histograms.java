package dev.rabbittune.bench;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms as text: HdrHistogram's compressed encoding in Base64, the same bytes an HdrHistogram interval
 * log line carries, so a result file's per-second histograms can be decoded, re-windowed and merged exactly.
 */
public final class Histograms {

    private Histograms() {
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** Decodes what {@link #encode} wrote; values are nanoseconds. */
    public static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)),
                    LatencyStats.HIGHEST_TRACKABLE_NANOS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram", e);
        }
    }
}
