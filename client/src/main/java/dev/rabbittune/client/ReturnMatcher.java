package dev.rabbittune.client;

import com.rabbitmq.client.Return;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Finds the message a {@code basic.return} is about. A return carries the message's properties, not its sequence
 * number, so messages are tracked by message-id from their publish until they finish. A caller may reuse its own
 * ids: then each message with the id gets its own return, matched by exchange, routing key, body and headers, and
 * when the first one with an id finishes, the oldest other takes its place.
 *
 * <p>Thread-safe: tracked by publishing threads, matched on the connection's thread, untracked by whoever finishes.
 */
final class ReturnMatcher {

    private final Map<String, OutgoingMessage> byMessageId = new ConcurrentHashMap<>();
    // the rare second and later messages in flight with a message-id already in byMessageId (a caller's own ids)
    private final Map<String, List<OutgoingMessage>> sameMessageId = new ConcurrentHashMap<>();

    void track(OutgoingMessage message) {
        String id = message.id();
        if (byMessageId.putIfAbsent(id, message) != null) {
            sameMessageId.compute(id, (key, others) -> {
                List<OutgoingMessage> list = others == null ? new ArrayList<>(2) : others;
                list.add(message);
                return list;
            });
        }
    }

    void untrack(OutgoingMessage message) {
        String id = message.id();
        boolean first = byMessageId.remove(id, message);
        if (sameMessageId.isEmpty()) {
            return;
        }
        sameMessageId.computeIfPresent(id, (key, others) -> {
            others.remove(message);
            if (first && !others.isEmpty() && byMessageId.putIfAbsent(id, others.get(0)) == null) {
                others.remove(0); // the oldest of the others is first now
            }
            return others.isEmpty() ? null : others;
        });
    }

    /** The unsettled message {@code returned} is about: same message-id, and (when ids repeat) same content; or null. */
    OutgoingMessage returnedOne(Return returned) {
        String id = returned.getProperties().getMessageId();
        OutgoingMessage first = id == null ? null : byMessageId.get(id);
        if (id == null || sameMessageId.isEmpty() || first != null && matches(first, returned)) {
            return first;
        }
        OutgoingMessage[] match = new OutgoingMessage[1];
        sameMessageId.computeIfPresent(id, (key, others) -> {
            others.stream().filter(p -> matches(p, returned)).findFirst().ifPresent(p -> match[0] = p);
            return others;
        });
        return match[0] != null ? match[0] : first;
    }

    /** Asked only when message-ids repeat: same destination, body and headers (a headers exchange routes by them). */
    private static boolean matches(OutgoingMessage message, Return returned) {
        return !message.isDone() && message.exchange.equals(returned.getExchange())
                && message.routingKey.equals(returned.getRoutingKey())
                && Arrays.equals(message.body, returned.getBody())
                && sameHeaders(message.properties.getHeaders(), returned.getProperties().getHeaders());
    }

    private static boolean sameHeaders(Map<String, Object> sent, Map<String, Object> back) {
        return sameValue(sent == null ? Map.of() : sent, back == null ? Map.of() : back);
    }

    /**
     * A header value as sent against the same value decoded from the wire: strings come back as LongString, arrays as
     * lists, tables as other maps, byte arrays as new arrays.
     */
    private static boolean sameValue(Object sent, Object back) {
        if (sent instanceof Map<?, ?> a && back instanceof Map<?, ?> b) {
            return a.size() == b.size() && a.entrySet().stream().allMatch(e -> b.containsKey(String.valueOf(e.getKey()))
                    && sameValue(e.getValue(), b.get(String.valueOf(e.getKey()))));
        }
        if (sent instanceof Object[] array) {
            return sameValue(Arrays.asList(array), back);
        }
        if (sent instanceof List<?> a && back instanceof List<?> b) {
            return a.size() == b.size() && IntStream.range(0, a.size()).allMatch(i -> sameValue(a.get(i), b.get(i)));
        }
        if (sent instanceof byte[] a && back instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        return String.valueOf(sent).equals(String.valueOf(back));
    }
}
