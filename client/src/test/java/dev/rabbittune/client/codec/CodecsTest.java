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
                .hasMessageContaining("gzip, identity, lz4, none, snappy, zip, zstd");
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
        assertThat(Codecs.names()).containsExactly("deflate", "gzip", "identity", "lz4", "none", "snappy", "zip",
                "zstd");
    }

    /** What Spring AMQP's post-processors, RFC 9110 and kombu write, each to the codec that reads it. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"x-gzip,gzip", "'gzip, UTF-8',gzip", "gzip:UTF-8,gzip",
        "'deflate, UTF-8',deflate", "zip:utf-8,zip", "' ZSTD , utf-8 ',zstd", "UTF-8,identity", "utf8,identity",
        "binary,identity", "'identity, UTF-8',identity"})
    void otherClientsFormsFindTheCodecThatReadsThem(String contentEncoding, String codec) {
        assertThat(Codecs.named(contentEncoding).name()).isEqualTo(codec);
        assertThat(Codecs.named(contentEncoding, 1024).name()).isEqualTo(codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, deflate", "gzip:zstd", "UTF-8, gzip", "base64", "gzip, x-gzip", "utf-8, utf-8",
        "gzip, br", "gzip, base64", "identity, base64", ",", ":", " , ", "gzip,", "gzip, ,"})
    void aCompressionInsideAnotherOrAfterAnythingElseIsRefused(String contentEncoding) {
        assertThatThrownBy(() -> Codecs.named(contentEncoding)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown content encoding");
    }

    @Test
    void aKombuCompressionHeaderIsRefusedNotPassedOnAsTheBody() {
        com.rabbitmq.client.AMQP.BasicProperties kombu = new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                .contentEncoding("utf-8").headers(java.util.Map.of("compression", "application/x-gzip")).build();
        com.rabbitmq.client.AMQP.BasicProperties spring = new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                .contentEncoding("gzip, UTF-8").build();

        assertThatThrownBy(() -> Codecs.decodeMessage(kombu, new byte[] {1, 2})).isInstanceOf(CodecException.class)
                .hasMessageContaining("'compression' header (application/x-gzip");
        assertThat(Codecs.decodeMessage(spring, Codecs.named("gzip").encode(new byte[] {1, 2}))).containsExactly(1, 2);
    }
}
