package dev.rabbittune.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What producers put in their messages beyond the size ({@link Workload#sizes()}): PerfTest's body, property and
 * routing options. Immutable.
 *
 * @param variableSize        body sizes over time ({@code --variable-size}); null = {@link Workload#sizes()}
 * @param bodyFiles           bodies read from these files, sent in turn ({@code --body}); empty = generated bodies
 * @param contentType         content-type property ({@code --body-content-type}); null = none
 * @param jsonBody            random JSON documents of about the body size ({@code --json-body})
 * @param jsonBodyCount       JSON documents generated up front and sent in turn ({@code --body-count})
 * @param jsonFieldCount      random strings the documents' field names and values are drawn from
 *                            ({@code --body-field-count})
 * @param properties          message properties and headers ({@code --message-properties}); keys that are AMQP
 *                            properties set those, the others become headers
 * @param useMillis           wall-clock millisecond stamps, so that producer and consumer hosts can differ
 * @param randomRoutingKey    a random routing key per message ({@code --random-routing-key})
 * @param routingKeyCacheSize with a random routing key, draw from this many pregenerated keys; 0 = a new one each time
 */
public record MessageContent(VariableValues variableSize, List<Path> bodyFiles, String contentType, boolean jsonBody,
                             int jsonBodyCount, int jsonFieldCount, Map<String, Object> properties, boolean useMillis,
                             boolean randomRoutingKey, int routingKeyCacheSize) {

    public MessageContent {
        bodyFiles = List.copyOf(bodyFiles);
        properties = Map.copyOf(properties);
    }

    /** Plain generated bodies, nothing else. */
    public static MessageContent plain() {
        return new MessageContent(null, List.of(), null, false, 100, 1000, Map.of(), false, false, 0);
    }

    /** True when the body is not ours to stamp, so the send time travels in a header. */
    public boolean stampInHeader() {
        return !bodyFiles.isEmpty() || jsonBody;
    }
}
