package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Payloads written and read by the reference implementations of each format, as other clients would. */
class ForeignPayloadTest {

    private static final byte[] BODY = TestPayloads.json(200 * 1024, 21);

    @Test
    void gzipInteroperatesWithJavaUtilZip() throws IOException {
        assertThat(Codecs.decode("gzip", write(GZIPOutputStream::new, BODY))).isEqualTo(BODY);
        byte[] ours = Codecs.named("gzip").encode(BODY);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(BODY);
    }

    @Test
    void gzipReadsConcatenatedMembers() throws IOException {
        byte[] first = write(GZIPOutputStream::new, new byte[] {'a', 'b'});
        byte[] second = write(GZIPOutputStream::new, new byte[] {'c'});

        assertThat(Codecs.decode("gzip", concat(first, second))).containsExactly('a', 'b', 'c');
    }

    @Test
    void gzipSkipsOptionalHeaderFieldsAndChecksTheHeaderCrc() throws IOException {
        byte[] plain = write(GZIPOutputStream::new, BODY);
        // FEXTRA (2-byte length + data), FNAME, FCOMMENT and FHCRC, as gzip(1) and other tools may write.
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(plain, 0, 10);
        header.write(new byte[] {3, 0, 'x', 'y', 'z'});
        header.write("orders.json\0".getBytes());
        header.write("a comment\0".getBytes());
        byte[] fields = header.toByteArray();
        fields[3] = 4 | 8 | 16 | 2;
        CRC32 crc = new CRC32();
        crc.update(fields);
        byte[] headerCrc = {(byte) crc.getValue(), (byte) (crc.getValue() >> 8)};
        byte[] rest = java.util.Arrays.copyOfRange(plain, 10, plain.length);

        assertThat(Codecs.decode("gzip", concat(fields, headerCrc, rest))).isEqualTo(BODY);
        headerCrc[0] ^= 1;
        assertThatThrownBy(() -> Codecs.decode("gzip", concat(fields, headerCrc, rest)))
                .isInstanceOf(CodecException.class).hasMessageContaining("header CRC");
    }

    @Test
    void deflateIsTheZlibFormat() throws IOException {
        assertThat(Codecs.decode("deflate", write(DeflaterOutputStream::new, BODY))).isEqualTo(BODY);
        byte[] ours = Codecs.named("deflate").encode(BODY);
        assertThat(new InflaterInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(BODY);
    }

    @Test
    void lz4IsTheStandardFrameFormat() throws IOException {
        byte[] ours = Codecs.named("lz4").encode(BODY);
        assertThat(new LZ4FrameInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(BODY);
    }

    @Test
    void lz4ReadsFramesWithBlockChecksumsAndWithoutContentSize() throws IOException {
        byte[] streamed = write(out -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM), BODY);

        assertThat(Codecs.decode("lz4", streamed)).isEqualTo(BODY);
        assertThatThrownBy(() -> Codecs.named("lz4", 100 * 1024).decode(streamed))
                .isInstanceOf(CodecException.class).hasMessageContaining("limit");
    }

    @Test
    void lz4RefusesLinkedBlocks() throws IOException {
        byte[] linked = write(out -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB), BODY);
        linked[4] &= ~0x20;
        linked[6] = (byte) (XXHashFactory.safeInstance().hash32().hash(linked, 4, 2, 0) >> 8);

        assertThatThrownBy(() -> Codecs.decode("lz4", linked)).isInstanceOf(CodecException.class)
                .hasMessageContaining("linked blocks");
    }

    @Test
    void zstdInteroperatesWithTheLibraryAndItsStreams() throws IOException {
        byte[] ours = Codecs.named("zstd").encode(BODY);
        assertThat(Zstd.decompress(ours, BODY.length)).isEqualTo(BODY);
        assertThat(Codecs.decode("zstd", Zstd.compress(BODY))).isEqualTo(BODY);
        // A streaming encoder does not know the size in advance: no content size in the frame header.
        byte[] streamed = write(ZstdOutputStream::new, BODY);
        assertThat(Zstd.getFrameContentSize(streamed)).isEqualTo(-1);
        assertThat(Codecs.decode("zstd", streamed)).isEqualTo(BODY);
        assertThatThrownBy(() -> Codecs.named("zstd", 100 * 1024).decode(streamed))
                .isInstanceOf(CodecException.class).hasMessageContaining("limit");
        byte[] truncated = java.util.Arrays.copyOf(streamed, streamed.length - 5);
        assertThatThrownBy(() -> Codecs.decode("zstd", truncated)).isInstanceOf(CodecException.class)
                .hasMessageContaining("'zstd'");
    }

    @Test
    void snappyIsTheRawBlockFormat() throws IOException {
        assertThat(Snappy.uncompress(Codecs.named("snappy").encode(BODY))).isEqualTo(BODY);
        assertThat(Codecs.decode("snappy", Snappy.compress(BODY))).isEqualTo(BODY);
    }

    private interface StreamWrapper {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] write(StreamWrapper wrapper, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = wrapper.wrap(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
