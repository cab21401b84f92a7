package dev.rabbittune.bench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Files users write (workloads, sweep plans): YAML or JSON (JSON is YAML), unknown keys refused, and every mistake
 * one line naming the file and the line.
 */
public final class YamlFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "producers: 1.5" is a mistake, not 1
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private YamlFiles() {
    }

    /** The text of {@code file}; {@code what} names it in errors ("workload file"). */
    public static String text(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code text} bound to {@code type}; null for an empty document. {@code keysHint} is the hint an unknown key
     * gets (where the valid keys are listed).
     */
    public static <T> T read(String text, String source, Class<T> type, String keysHint) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return null; // nothing but comments, or nothing at all
            }
            return YAML.readValue(text, type); // from the text again, so a mistake has its line
        } catch (UnrecognizedPropertyException e) {
            // records are bound through their constructor, so Jackson reports the end of the mapping: find the key
            throw new BadInputException(source + keyLine(text, e.getPropertyName(), e.getLocation())
                    + ": unknown key '" + e.getPropertyName() + "'", keysHint, e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()),
                    "see docs/bench.md", e);
        }
    }

    private static String keyLine(String text, String key, JsonLocation fallback) {
        String[] lines = text.split("\n", -1);
        Pattern keyPattern = Pattern.compile("^\\s*[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
        for (int i = 0; i < lines.length; i++) {
            if (keyPattern.matcher(lines[i]).find()) {
                return " line " + (i + 1);
            }
        }
        return where(fallback);
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
