package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What amqp-client would refuse while encoding a publish, refused before it takes a sequence number. */
class PublishCheckTest {

    private static final AMQP.BasicProperties PLAIN = new AMQP.BasicProperties.Builder().deliveryMode(2)
            .messageId("id-1").build();

    @Test
    void anOrdinaryMessagePasses() {
        assertThatCode(() -> PublishCheck.check("", "orders", PLAIN, new byte[100], 131_072))
                .doesNotThrowAnyException();
        assertThatCode(() -> PublishCheck.check("orders", "é".repeat(127), PLAIN.builder()
                .headers(Map.of("tenant", "eu", "attempt", 3, "tags", java.util.List.of("a", "b"))).build(),
                new byte[0], 131_072)).doesNotThrowAnyException();
    }

    @Test
    void missingPartsAreNamed() {
        assertThatThrownBy(() -> PublishCheck.check(null, "q", PLAIN, new byte[1], 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("default exchange");
        assertThatThrownBy(() -> PublishCheck.check("", null, PLAIN, new byte[1], 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("routing key");
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN, null, 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("body");
    }

    @Test
    void shortStringsLongerThan255BytesOfUtf8AreRefused() {
        assertThatThrownBy(() -> PublishCheck.check("", "é".repeat(128), PLAIN, new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "routing key is 256 bytes in UTF-8; AMQP allows at most 255");
        assertThatThrownBy(() -> PublishCheck.check("x".repeat(300), "q", PLAIN, new byte[1], 0))
                .hasMessageStartingWith("exchange is 300 bytes");
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN.builder().correlationId("c".repeat(256)).build(),
                new byte[1], 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be encoded");
    }

    @Test
    void headerValuesAmqpCannotCarryAreRefused() {
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN.builder()
                .headers(Map.of("trace", UUID.randomUUID())).build(), new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 'trace' holds a java.util.UUID, which an AMQP table cannot carry");
        java.util.Map<String, Object> nullName = new java.util.HashMap<>();
        nullName.put(null, 1);
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN.builder().headers(nullName).build(),
                new byte[1], 0)).isInstanceOf(NullPointerException.class).hasMessageContaining("header name");
    }

    @Test
    void whatTableSizingLetsThroughAndEncodingRefusesIsRefusedToo() {
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN.builder().headers(Map.of("price",
                java.math.BigDecimal.valueOf(1000).stripTrailingZeros())).build(), new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 'price' holds 1E+3");
        assertThatThrownBy(() -> PublishCheck.check("", "q", PLAIN.builder().headers(Map.of("nested",
                Map.of("k".repeat(256), 1))).build(), new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name is 256 bytes");
        assertThatCode(() -> PublishCheck.check("", "q", PLAIN.builder().headers(Map.of("price",
                new java.math.BigDecimal("12.50"), "list", java.util.List.of(Map.of("a", 1)))).build(),
                new byte[1], 0)).doesNotThrowAnyException();
    }

    @Test
    void propertiesLargerThanTheFrameMaxAreRefused() {
        AMQP.BasicProperties big = PLAIN.builder().headers(Map.of("blob", "x".repeat(5_000))).build();
        assertThatThrownBy(() -> PublishCheck.check("", "q", big, new byte[1], 4_096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame_max of 4096");
        assertThatCode(() -> PublishCheck.check("", "q", big, new byte[1], 131_072)).doesNotThrowAnyException();
    }
}
