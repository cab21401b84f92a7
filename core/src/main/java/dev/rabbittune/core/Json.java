package dev.rabbittune.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapping the project shares: records in and out, pretty output, unknown fields tolerated on input. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A shared, thread-safe mapper; do not reconfigure it, {@link ObjectMapper#copy()} it instead. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
