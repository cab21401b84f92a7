package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads made by independent implementations, the OS packages' command-line tools (gzip, zstd, lz4, zip/unzip)
 * and Python's zlib, read by the codecs; and the codecs' output read back by those tools. Both ways, for every
 * format a tool exists for here (snappy has none; ForeignPayloadTest reads snappy-java's).
 */
@NeedsTools
class OtherToolsInteropTest {

    private static final byte[] BODY = TestPayloads.json(300 * 1024, 7);

    @TempDir
    Path dir;

    @Test
    void gzipBothWaysAndAsSpringAmqpNamesIt() throws Exception {
        byte[] fromTool = run(BODY, "gzip", "-c", "-9");
        assertThat(Codecs.decode("gzip", fromTool)).isEqualTo(BODY);
        assertThat(Codecs.decode("gzip, UTF-8", fromTool)).isEqualTo(BODY);
        assertThat(Codecs.decode("gzip:UTF-8", fromTool)).isEqualTo(BODY);
        assertThat(Codecs.decode("x-gzip", fromTool)).isEqualTo(BODY);
        assertThat(run(Codecs.named("gzip").encode(BODY), "gzip", "-dc")).isEqualTo(BODY);
    }

    @Test
    void zstdBothWays() throws Exception {
        assertThat(Codecs.decode("zstd", run(BODY, "zstd", "-c", "-q", "-19"))).isEqualTo(BODY);
        assertThat(run(Codecs.named("zstd").encode(BODY), "zstd", "-dc", "-q")).isEqualTo(BODY);
    }

    @Test
    void lz4FramesBothWays() throws Exception {
        // the lz4 tool writes the standard frame format, with and without content size and block checksums
        assertThat(Codecs.decode("lz4", run(BODY, "lz4", "-c", "-q"))).isEqualTo(BODY);
        assertThat(Codecs.decode("lz4", run(BODY, "lz4", "-c", "-q", "--content-size", "-BX"))).isEqualTo(BODY);
        assertThat(run(Codecs.named("lz4").encode(BODY), "lz4", "-dc", "-q")).isEqualTo(BODY);
    }

    @Test
    void zipArchivesOfOneEntryBothWays() throws Exception {
        Path file = dir.resolve("body.json");
        Files.write(file, BODY);
        byte[] archive = run(new byte[0], "zip", "-q", "-j", "-", file.toString());
        assertThat(Codecs.decode("zip", archive)).isEqualTo(BODY);

        Path ours = dir.resolve("ours.zip");
        Files.write(ours, Codecs.named("zip").encode(BODY));
        assertThat(run(new byte[0], "unzip", "-p", ours.toString(), ZipCodec.ENTRY)).isEqualTo(BODY);
    }

    @Test
    void zipWithTwoEntriesIsRefused() throws Exception {
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");
        Files.write(first, BODY);
        Files.write(second, BODY);
        byte[] archive = run(new byte[0], "zip", "-q", "-j", "-", first.toString(), second.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Codecs.decode("zip", archive))
                .isInstanceOf(CodecException.class).hasMessageContaining("more than one entry");
    }

    @Test
    void deflateIsPythonsZlibBothWays() throws Exception {
        byte[] fromPython = run(BODY, "python3", "-c",
                "import sys, zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read(), 9))");
        assertThat(Codecs.decode("deflate", fromPython)).isEqualTo(BODY);
        assertThat(run(Codecs.named("deflate").encode(BODY), "python3", "-c",
                "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))")).isEqualTo(BODY);
    }

    /** Runs a tool with {@code input} on stdin; its stdout, failing on a non-zero exit. */
    private static byte[] run(byte[] input, String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        byte[] out = output.get(60, TimeUnit.SECONDS);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
