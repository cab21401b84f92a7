package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import dev.rabbittune.core.BadInputException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * PerfTest's {@code --message-properties}: keys naming an AMQP basic property set it (PerfTest's Producer
 * MESSAGE_PROPERTIES_KEYS: contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo,
 * expiration, messageId, timestamp as an ISO-8601 date-time with offset, type, userId, appId, clusterId); any other
 * key becomes a header.
 */
final class MessageProperties {

    private static final Set<String> KEYS = Set.of("contentType", "contentEncoding", "deliveryMode", "priority",
            "correlationId", "replyTo", "expiration", "messageId", "timestamp", "type", "userId", "appId",
            "clusterId");

    private MessageProperties() {
    }

    /** Fails on a value the broker or the builder would not take (a priority that is not a number...). */
    static void check(Map<String, Object> properties) {
        apply(new AMQP.BasicProperties.Builder(), properties);
    }

    /** {@code builder} with {@code properties} applied; headers merge with those already in {@code headers}. */
    static AMQP.BasicProperties.Builder apply(AMQP.BasicProperties.Builder builder, Map<String, Object> properties) {
        Map<String, Object> headers = new HashMap<>();
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            String key = entry.getKey();
            String value = String.valueOf(entry.getValue());
            if (!KEYS.contains(key)) {
                headers.put(key, entry.getValue());
                continue;
            }
            try {
                set(builder, key, value);
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new BadInputException("invalid message property " + key + "=" + value,
                        "priority and deliveryMode are numbers, timestamp is like 2007-12-03T10:15:30+01:00", e);
            }
        }
        if (!headers.isEmpty()) {
            AMQP.BasicProperties built = builder.build();
            Map<String, Object> merged = built.getHeaders() == null ? new HashMap<>() : new HashMap<>(built.getHeaders());
            merged.putAll(headers);
            builder.headers(merged);
        }
        return builder;
    }

    private static void set(AMQP.BasicProperties.Builder builder, String key, String value) {
        switch (key) {
            case "contentType" -> builder.contentType(value);
            case "contentEncoding" -> builder.contentEncoding(value);
            case "deliveryMode" -> builder.deliveryMode(Integer.parseInt(value));
            case "priority" -> builder.priority(Integer.parseInt(value));
            case "correlationId" -> builder.correlationId(value);
            case "replyTo" -> builder.replyTo(value);
            case "expiration" -> builder.expiration(value);
            case "messageId" -> builder.messageId(value);
            case "timestamp" -> builder.timestamp(Date.from(OffsetDateTime.parse(value).toInstant()));
            case "type" -> builder.type(value);
            case "userId" -> builder.userId(value);
            case "appId" -> builder.appId(value);
            case "clusterId" -> builder.clusterId(value);
            default -> throw new IllegalStateException("not a property key: " + key);
        }
    }
}
