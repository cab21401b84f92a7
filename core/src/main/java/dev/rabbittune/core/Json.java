package dev.rabbittune.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The one JSON mapping the project shares: records in and out, pretty output, unknown fields tolerated on input. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * A result file the user named, as a JSON tree.
     *
     * @throws BadInputException naming the file: missing, unreadable or not JSON
     */
    public static JsonNode readResultFile(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("result file " + file + " not found");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A shared, thread-safe mapper; do not reconfigure it, {@link ObjectMapper#copy()} it instead. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
