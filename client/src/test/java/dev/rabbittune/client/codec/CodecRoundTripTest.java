package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecRoundTripTest {

    static final List<String> CODECS = List.of("identity", "gzip", "deflate", "lz4", "zstd", "snappy", "zip");
    private static final int[] SIZES = {0, 1, 1024, 10 * 1024, 1024 * 1024};

    static Stream<Arguments> codecsAndBodies() {
        List<Arguments> cases = new ArrayList<>();
        for (String codec : CODECS) {
            for (int size : SIZES) {
                cases.add(Arguments.of(codec, "json " + size, TestPayloads.json(size, size)));
                cases.add(Arguments.of(codec, "random " + size, TestPayloads.random(size, size)));
            }
            // Larger than LZ4's 4 MiB block: several blocks in one frame.
            cases.add(Arguments.of(codec, "json 5 MiB", TestPayloads.json(5 * 1024 * 1024, 5)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndBodies")
    void decodingTheEncodedBodyGivesTheBodyBack(String name, String description, byte[] body) {
        Codec codec = Codecs.named(name);
        byte[] original = body.clone();

        byte[] decoded = codec.decode(codec.encode(body));

        assertThat(decoded).isEqualTo(original);
        assertThat(body).as("encode leaves its argument unchanged").isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressingCodecs")
    void jsonBodiesShrink(String name) {
        byte[] body = TestPayloads.json(10 * 1024, 7);

        byte[] encoded = Codecs.named(name).encode(body);

        assertThat(encoded.length).isLessThan(body.length / 2);
    }

    static Stream<String> compressingCodecs() {
        return CODECS.stream().filter(name -> !name.equals("identity"));
    }
}
