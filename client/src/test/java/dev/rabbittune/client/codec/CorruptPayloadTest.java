package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptPayloadTest {

    private static final byte[] BODY = TestPayloads.json(10 * 1024, 11);

    static Stream<String> compressingCodecs() {
        return CodecRoundTripTest.compressingCodecs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void truncatedPayloadFailsNamingTheCodec(String name) {
        Codec codec = Codecs.named(name);
        byte[] encoded = codec.encode(BODY);

        for (int length : new int[] {0, 1, 4, encoded.length / 2, encoded.length - 1}) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("%s truncated to %d bytes", name, length)
                    .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.encoding()).isEqualTo(name))
                    .hasMessageContaining("'" + name + "'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void trailingGarbageFails(String name) {
        Codec codec = Codecs.named(name);
        byte[] encoded = codec.encode(BODY);
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 3);

        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(CodecException.class)
                .hasMessageContaining("'" + name + "'");
    }

    /**
     * Formats with a checksum never decode a damaged payload to wrong bytes. A few flips are harmless and decode to the
     * original body: gzip's modification time and OS bytes, which its CRC does not cover, by design.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "deflate", "lz4", "zstd", "zip"})
    void aFlippedByteFailsOrLeavesTheBodyIntactInChecksummedFormats(String name) {
        Codec codec = Codecs.named(name);
        byte[] encoded = codec.encode(BODY);
        int detected = 0;

        for (int i = 0; i < encoded.length; i++) {
            byte[] corrupt = encoded.clone();
            corrupt[i] ^= 0x55;
            try {
                assertThat(codec.decode(corrupt)).as("%s with byte %d flipped", name, i).isEqualTo(BODY);
            } catch (CodecException e) {
                assertThat(e.encoding()).isEqualTo(name);
                detected++;
            }
        }

        assertThat(detected).as("flips detected").isGreaterThan(encoded.length * 95 / 100);
    }

    /** Snappy has no checksum (documented on SnappyCodec): structural damage fails; a flipped literal cannot. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void snappyDetectsADamagedLengthPreamble(int offset) {
        Codec snappy = Codecs.named("snappy");
        byte[] corrupt = snappy.encode(BODY);
        corrupt[offset] ^= 0x55;

        assertThatThrownBy(() -> snappy.decode(corrupt)).isInstanceOf(CodecException.class)
                .hasMessageContaining("'snappy'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void uncompressedBytesAreNotMistakenForAPayload(String name) {
        assertThatThrownBy(() -> Codecs.decode(name, BODY)).isInstanceOf(CodecException.class)
                .hasMessageContaining("'" + name + "'");
    }
}
