package dev.rabbittune.bench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads workload files (YAML or JSON, same keys as the long options) and the built-in presets. */
public final class Workloads {

    /** Built-in presets, in the order {@code bench --list-presets} shows them. */
    public static final List<String> PRESETS =
            List.of("work-queue", "order-processing", "iot-fan-in", "log-fan-out", "rpc");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Workloads() {
    }

    /** Parses a workload file; a malformed one fails with its path, line and column. */
    public static WorkloadSpec load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException("workload file not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read workload file " + file + ": " + e.getMessage());
        }
    }

    /** A spec from workload-file keys and values ({@code "producers" -> 2}), as if read from a file. */
    public static WorkloadSpec fromKeys(java.util.Map<String, Object> keys, String source) {
        try {
            return YAML.convertValue(keys, WorkloadSpec.class);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": " + firstLine(e.getMessage()), "see README.md", e);
        }
    }

    /** The preset named {@code name} (see {@link #PRESETS}). */
    public static WorkloadSpec preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new BadInputException("unknown preset '" + name + "'", "one of " + String.join(", ", PRESETS), null);
        }
        try (InputStream in = Workloads.class.getResourceAsStream("presets/" + name + ".yaml")) {
            return parse(in, "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException("preset " + name + " is missing from the jar", e);
        }
    }

    /** The text of a preset, for {@code --show-preset}. */
    public static String presetText(String name) {
        preset(name);
        try (InputStream in = Workloads.class.getResourceAsStream("presets/" + name + ".yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("preset " + name + " is missing from the jar", e);
        }
    }

    static WorkloadSpec parse(InputStream in, String source) throws IOException {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            WorkloadSpec spec = YAML.readValue(text, WorkloadSpec.class);
            return spec == null ? WorkloadSpec.empty() : spec;
        } catch (UnrecognizedPropertyException e) {
            // records are bound through their constructor, so Jackson reports the end of the mapping: find the key
            throw new BadInputException(source + keyLine(text, e.getPropertyName(), e.getLocation()) + ": unknown key '" + e.getPropertyName()
                    + "'", "keys are the long option names of 'rabbittune bench', e.g. multi-ack-every", e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()),
                    "see the workload file example in README.md", e);
        }
    }

    private static String keyLine(String text, String key, JsonLocation fallback) {
        String[] lines = text.split("\n", -1);
        java.util.regex.Pattern keyPattern =
                java.util.regex.Pattern.compile("^\\s*[\"']?" + java.util.regex.Pattern.quote(key) + "[\"']?\\s*:");
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

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
