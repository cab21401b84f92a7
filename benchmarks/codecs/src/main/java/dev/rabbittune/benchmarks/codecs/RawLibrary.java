package dev.rabbittune.benchmarks.codecs;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.xerial.snappy.Snappy;

/**
 * Each compression library used directly, the way its documentation shows, as the baseline for the library's codecs.
 * The raw block formats (LZ4, zstd) get the original size out of band, which a message cannot do.
 */
enum RawLibrary {
    GZIP("gzip") {
        @Override
        byte[] encode(byte[] body) {
            return write(body, GZIPOutputStream::new);
        }

        @Override
        byte[] decode(byte[] payload, int originalBytes) {
            return read(payload, GZIPInputStream::new);
        }
    },
    DEFLATE("deflate") {
        @Override
        byte[] encode(byte[] body) {
            return write(body, DeflaterOutputStream::new);
        }

        @Override
        byte[] decode(byte[] payload, int originalBytes) {
            return read(payload, InflaterInputStream::new);
        }
    },
    LZ4("lz4") {
        private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
        private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

        @Override
        byte[] encode(byte[] body) {
            return compressor.compress(body);
        }

        @Override
        byte[] decode(byte[] payload, int originalBytes) {
            return decompressor.decompress(payload, originalBytes);
        }
    },
    ZSTD("zstd") {
        @Override
        byte[] encode(byte[] body) {
            return Zstd.compress(body, 3);
        }

        @Override
        byte[] decode(byte[] payload, int originalBytes) {
            return Zstd.decompress(payload, originalBytes);
        }
    },
    SNAPPY("snappy") {
        @Override
        byte[] encode(byte[] body) {
            try {
                return Snappy.compress(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        byte[] decode(byte[] payload, int originalBytes) {
            try {
                return Snappy.uncompress(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    final String contentEncoding;

    RawLibrary(String contentEncoding) {
        this.contentEncoding = contentEncoding;
    }

    abstract byte[] encode(byte[] body);

    abstract byte[] decode(byte[] payload, int originalBytes);

    static RawLibrary named(String contentEncoding) {
        for (RawLibrary library : values()) {
            if (library.contentEncoding.equals(contentEncoding)) {
                return library;
            }
        }
        throw new IllegalArgumentException("no raw library for " + contentEncoding);
    }

    private interface StreamWrapper<S, T> {
        T wrap(S stream) throws IOException;
    }

    private static byte[] write(byte[] body, StreamWrapper<OutputStream, OutputStream> compressor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 2 + 64);
        try (OutputStream out = compressor.wrap(bytes)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] read(byte[] payload, StreamWrapper<InputStream, InputStream> decompressor) {
        try (InputStream in = decompressor.wrap(new ByteArrayInputStream(payload))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
