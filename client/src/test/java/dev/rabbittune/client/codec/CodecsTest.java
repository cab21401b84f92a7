package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", "Gzip", " gzip "})
    void namesIgnoreCaseAndSurroundingBlanks(String contentEncoding) {
        assertThat(Codecs.named(contentEncoding).name()).isEqualTo("gzip");
    }

    @Test
    void everyCodecIsFoundByItsOwnName() {
        for (String name : CodecRoundTripTest.CODECS) {
            assertThat(Codecs.named(name.toUpperCase()).name()).isEqualTo(name);
        }
    }

    @Test
    void missingEncodingMeansIdentity() {
        assertThat(Codecs.named(null)).isSameAs(Codecs.identity());
        assertThat(Codecs.named("")).isSameAs(Codecs.identity());
        assertThat(Codecs.named("none")).isSameAs(Codecs.identity());
        assertThat(Codecs.decode(null, new byte[] {1, 2})).containsExactly(1, 2);
    }

    @Test
    void unknownEncodingIsRefusedWithItsNameAndTheSupportedOnes() {
        assertThatThrownBy(() -> Codecs.decode("br", new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.encoding()).isEqualTo("br"))
                .hasMessageContaining("'br'")
                .hasMessageContaining("unknown content encoding")
                .hasMessageContaining("gzip, identity, lz4, none, snappy, zstd");
    }

    @Test
    void unknownEncodingIsRefusedAlsoWithALimit() {
        assertThatThrownBy(() -> Codecs.named("x-custom", 1024)).isInstanceOf(CodecException.class)
                .hasMessageContaining("'x-custom'");
    }

    @Test
    void negativeLimitIsRefused() {
        assertThatThrownBy(() -> Codecs.named("zstd", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDecodedBytes");
    }

    @Test
    void namesListsEveryAcceptedValue() {
        assertThat(Codecs.names()).containsExactly("deflate", "gzip", "identity", "lz4", "none", "snappy", "zstd");
    }
}
