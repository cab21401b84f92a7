package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.Frame;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks amqp-client makes only while it encodes a publish, made before it: {@code basicPublish} takes the
 * channel's next confirm sequence number first, so a publish that fails to encode leaves the client's numbers one
 * ahead of the broker's, and every later confirm would settle the wrong message.
 */
final class PublishCheck {

    // AMQP short strings (names, routing keys, most properties) hold at most 255 bytes of UTF-8
    private static final int SHORT_STRING_MAX = 255;
    // a string of at most this many chars cannot exceed 255 bytes of UTF-8 (3 bytes per char at most)
    private static final int SURELY_SHORT = SHORT_STRING_MAX / 3;
    // the encoded properties other than the headers, at most: the frame and header envelope, 10 short strings, numbers
    private static final int PROPERTIES_BOUND = 64 + 10 * (SHORT_STRING_MAX + 1) + 4;

    private PublishCheck() {
    }

    /** @throws IllegalArgumentException (or NullPointerException) naming what amqp-client would refuse to send */
    static void check(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                      int frameMax) {
        Objects.requireNonNull(exchange, "exchange (\"\" is the default exchange)");
        Objects.requireNonNull(routingKey, "routing key");
        Objects.requireNonNull(body, "body");
        shortString("exchange", exchange);
        shortString("routing key", routingKey);
        Map<String, Object> headers = properties.getHeaders();
        long headersSize = headers == null ? 0 : headersSize(headers);
        if (shortProperties(properties) && (frameMax <= 0 || headersSize + PROPERTIES_BOUND <= frameMax)) {
            return; // nothing left that could fail to encode: no second encoding on the hot path
        }
        int headerSize;
        try {
            headerSize = properties.toFrame(0, body.length).size();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the message's properties cannot be encoded: " + e.getMessage(), e);
        }
        if (frameMax > 0 && headerSize > frameMax) {
            throw new IllegalArgumentException("the message's properties take " + headerSize
                    + " bytes encoded, more than the connection's frame_max of " + frameMax);
        }
    }

    /** The headers' encoded size, by amqp-client's own reckoning, which also refuses values a table cannot hold. */
    private static long headersSize(Map<String, Object> headers) {
        checkTable(headers);
        try {
            return Frame.tableSize(headers);
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            for (Map.Entry<String, Object> header : headers.entrySet()) {
                try {
                    Frame.tableSize(Collections.singletonMap(header.getKey(), header.getValue()));
                } catch (UnsupportedEncodingException | IllegalArgumentException refused) {
                    throw new IllegalArgumentException("the message's properties cannot be encoded: header '"
                            + header.getKey() + "' holds a " + header.getValue().getClass().getName()
                            + ", which an AMQP table cannot carry", refused);
                }
            }
            throw new IllegalArgumentException("the message's properties cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** What table sizing lets through and encoding refuses: long or null names (nested too), unencodable decimals. */
    private static void checkTable(Map<?, ?> table) {
        for (Map.Entry<?, ?> field : table.entrySet()) {
            Object name = field.getKey();
            Objects.requireNonNull(name, "a header name");
            shortString("header name", String.valueOf(name));
            checkValue(String.valueOf(name), field.getValue());
        }
    }

    private static void checkValue(String name, Object value) {
        if (value instanceof Map<?, ?> table) {
            checkTable(table);
        } else if (value instanceof List<?> list) {
            list.forEach(item -> checkValue(name, item));
        } else if (value instanceof Object[] array) {
            for (Object item : array) {
                checkValue(name, item);
            }
        } else if (value instanceof BigDecimal decimal
                && (decimal.scale() < 0 || decimal.scale() > 255 || decimal.unscaledValue().bitLength() > 31)) {
            // AMQP decimals: an octet of scale and a signed 32-bit unscaled value
            throw new IllegalArgumentException("the message's properties cannot be encoded: header '" + name
                    + "' holds " + decimal + ", outside an AMQP decimal (scale 0..255, unscaled value in 32 bits)");
        }
    }

    private static boolean shortProperties(AMQP.BasicProperties p) {
        return surelyShort(p.getContentType()) && surelyShort(p.getContentEncoding())
                && surelyShort(p.getCorrelationId()) && surelyShort(p.getReplyTo()) && surelyShort(p.getExpiration())
                && surelyShort(p.getMessageId()) && surelyShort(p.getType()) && surelyShort(p.getUserId())
                && surelyShort(p.getAppId()) && surelyShort(p.getClusterId());
    }

    private static boolean surelyShort(String value) {
        return value == null || value.length() <= SURELY_SHORT;
    }

    private static void shortString(String what, String value) {
        if (value.length() > SURELY_SHORT) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > SHORT_STRING_MAX) {
                throw new IllegalArgumentException(what + " is " + bytes + " bytes in UTF-8; AMQP allows at most "
                        + SHORT_STRING_MAX);
            }
        }
    }
}
