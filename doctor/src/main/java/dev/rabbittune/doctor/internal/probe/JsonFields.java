package dev.rabbittune.doctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant reads of management API JSON: absent or null fields become null/0/empty, never exceptions. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    static Integer intOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asInt() : null;
    }

    static Double doubleOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }

    /** {@code field_details.rate}, the per-second rate the management API computes; 0 when absent. */
    static double rate(JsonNode node, String field) {
        return node.path(field + "_details").path("rate").asDouble(0);
    }

    static List<String> strings(JsonNode node, String field) {
        List<String> list = new ArrayList<>();
        node.path(field).forEach(item -> list.add(item.asText()));
        return list;
    }

    /** A JSON object as a map of plain Java values (String, Number, Boolean, List, Map); nulls dropped. */
    static Map<String, Object> map(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                Object value = plain(e.getValue());
                if (value != null) {
                    map.put(e.getKey(), value);
                }
            });
        }
        return map;
    }

    private static Object plain(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToInt() ? (Object) value.asInt() : (Object) value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isObject()) {
            return map(value);
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> {
                Object plain = plain(item);
                if (plain != null) {
                    list.add(plain);
                }
            });
            return list;
        }
        return value.asText();
    }
}
