package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Reads workload files (YAML or JSON, same keys as the long options) and the built-in presets. */
public final class Workloads {

    /** Built-in presets, in the order {@code bench --list-presets} shows them. */
    public static final List<String> PRESETS =
            List.of("work-queue", "order-processing", "iot-fan-in", "log-fan-out", "rpc");

    private Workloads() {
    }

    /** Parses a workload file; a malformed one fails with its path, line and column. */
    public static WorkloadSpec load(Path file) {
        return parse(YamlFiles.text(file, "workload file"), file.toString());
    }

    /** A spec from workload-file keys and values ({@code "producers" -> 2}), as if read from a file. */
    public static WorkloadSpec fromKeys(java.util.Map<String, Object> keys, String source) {
        try {
            return YamlFiles.YAML.convertValue(keys, WorkloadSpec.class);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": " + YamlFiles.firstLine(e.getMessage()), "see docs/bench.md", e);
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
        return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), source);
    }

    private static WorkloadSpec parse(String text, String source) {
        WorkloadSpec spec = YamlFiles.read(text, source, WorkloadSpec.class,
                "keys are the long option names of 'rabbittune bench', e.g. multi-ack-every");
        return spec == null ? WorkloadSpec.empty() : spec;
    }
}
