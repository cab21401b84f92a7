package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionPolicyTest {

    private final CompressionPolicy zstdFrom1KiB = CompressionPolicy.of("zstd", 1024);

    @Test
    void bodyBelowTheThresholdIsSentAsIsWithoutContentEncoding() {
        byte[] body = TestPayloads.json(1023, 1);

        EncodedBody encoded = zstdFrom1KiB.encode(body);

        assertThat(encoded.body()).isSameAs(body);
        assertThat(encoded.contentEncoding()).isNull();
        assertThat(encoded.compressed()).isFalse();
    }

    @Test
    void bodyAtTheThresholdIsCompressedAndNamesItsEncoding() {
        byte[] body = TestPayloads.json(1024, 1);

        EncodedBody encoded = zstdFrom1KiB.encode(body);

        assertThat(encoded.contentEncoding()).isEqualTo("zstd");
        assertThat(encoded.body().length).isLessThan(body.length);
        assertThat(Codecs.decode(encoded.contentEncoding(), encoded.body())).isEqualTo(body);
    }

    @Test
    void bodyThatDoesNotShrinkIsSentAsIs() {
        byte[] body = TestPayloads.random(4096, 3);

        EncodedBody encoded = zstdFrom1KiB.encode(body);

        assertThat(encoded.body()).isSameAs(body);
        assertThat(encoded.contentEncoding()).isNull();
    }

    @Test
    void zeroThresholdCompressesSmallBodies() {
        EncodedBody encoded = CompressionPolicy.of("gzip", 0).encode(TestPayloads.json(200, 2));

        assertThat(encoded.contentEncoding()).isEqualTo("gzip");
    }

    @Test
    void noneNeverCompresses() {
        byte[] body = TestPayloads.json(100_000, 4);

        EncodedBody encoded = CompressionPolicy.none().encode(body);

        assertThat(encoded.body()).isSameAs(body);
        assertThat(encoded.contentEncoding()).isNull();
        assertThat(Codecs.decode(encoded.contentEncoding(), encoded.body())).isSameAs(body);
    }

    @Test
    void invalidPoliciesAreRefused() {
        assertThatThrownBy(() -> new CompressionPolicy(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CompressionPolicy.of("zstd", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thresholdBytes");
        assertThatThrownBy(() -> CompressionPolicy.of("brotli", 0)).isInstanceOf(CodecException.class);
    }
}
