package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecodedSizeLimitTest {

    private static final int LIMIT = 64 * 1024;

    static Stream<String> compressingCodecs() {
        return CodecRoundTripTest.compressingCodecs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void payloadDecodingBeyondTheLimitIsRefused(String name) {
        // 8 MiB of zeros compresses to a few KiB or less: a small message that would fill the heap.
        byte[] bomb = Codecs.named(name).encode(new byte[8 * 1024 * 1024]);

        assertThatThrownBy(() -> Codecs.named(name, LIMIT).decode(bomb))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.encoding()).isEqualTo(name))
                .hasMessageContaining("over the limit of " + LIMIT + " bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void payloadDecodingExactlyToTheLimitIsAccepted(String name) {
        byte[] body = TestPayloads.json(LIMIT, 9);

        byte[] decoded = Codecs.named(name, LIMIT).decode(Codecs.named(name).encode(body));

        assertThat(decoded).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void payloadOneByteOverTheLimitIsRefused(String name) {
        byte[] encoded = Codecs.named(name).encode(TestPayloads.json(LIMIT + 1, 9));

        assertThatThrownBy(() -> Codecs.named(name, LIMIT).decode(encoded)).isInstanceOf(CodecException.class)
                .hasMessageContaining("limit");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void defaultLimitIs64MiB(String name) {
        byte[] bomb = Codecs.named(name).encode(new byte[Codecs.DEFAULT_MAX_DECODED_BYTES + 1]);

        assertThatThrownBy(() -> Codecs.decode(name, bomb)).isInstanceOf(CodecException.class)
                .hasMessageContaining("over the limit of " + Codecs.DEFAULT_MAX_DECODED_BYTES + " bytes");
    }
}
