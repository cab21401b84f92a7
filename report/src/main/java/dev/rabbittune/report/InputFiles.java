package dev.rabbittune.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import dev.rabbittune.core.Secrets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Tells the three result kinds apart by their {@code tool} field and refuses what this version cannot read. */
final class InputFiles {

    /** The newest format of each kind this version reads; a newer file is refused, not half-read. */
    static final int BENCH_FORMAT = 1;
    static final int SWEEP_FORMAT = 1;
    static final int DOCTOR_FORMAT = 1;

    private InputFiles() {
    }

    static ReportInput read(Path file) {
        JsonNode node = masked(parse(file));
        String name = file.getFileName().toString();
        String tool = node.path("tool").asText("");
        switch (tool) {
            case "rabbittune" -> {
                checkFormat(file, node, BENCH_FORMAT, "bench result");
                return readAs(file, "bench", () -> BenchInput.of(name, node));
            }
            case "rabbittune-tune" -> {
                checkFormat(file, node, SWEEP_FORMAT, "sweep");
                if (node.path("points").isEmpty()) {
                    throw new BadInputException(file + " is a sweep without a single finished point: nothing to "
                            + "report (stopped because: " + node.path("stoppedBecause").asText("unknown") + ")",
                            "run the sweep again with a larger budget or fewer points", null);
                }
                return readAs(file, "tune", () -> SweepInput.of(name, node));
            }
            case "rabbittune-doctor" -> {
                checkFormat(file, node, DOCTOR_FORMAT, "doctor report");
                return readAs(file, "doctor", () -> FindingsInput.of(name, node));
            }
            default -> {
                // doctor --json files written before the tool field existed have exactly this shape
                if (tool.isEmpty() && node.path("findings").isArray() && node.path("summary").has("rules")) {
                    return readAs(file, "doctor", () -> FindingsInput.of(name, node));
                }
                throw new BadInputException(file + " is not a rabbittune result" + (tool.isEmpty() ? ""
                        : " (tool: " + tool + ")"), "give the JSON files rabbittune bench, tune or doctor write",
                        null);
            }
        }
    }

    /**
     * A file whose fields are missing or of the wrong kind is bad input, named with the field, never a stack trace:
     * the readers throw IllegalArgumentException for what they check, and anything else they did not foresee is
     * caught here too.
     */
    private static ReportInput readAs(Path file, String command, java.util.function.Supplier<ReportInput> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), "write its JSON again with rabbittune " + command, null);
        } catch (RuntimeException e) {
            throw new BadInputException(file + " is not a well-formed " + command + " result (" + e + ")",
                    "write its JSON again with rabbittune " + command, null);
        }
    }

    private static JsonNode parse(Path file) {
        return Json.readResultFile(file);
    }

    private static void checkFormat(Path file, JsonNode node, int newest, String kind) {
        JsonNode given = node.path("formatVersion");
        if (!given.isMissingNode() && !given.isInt()) {
            throw new BadInputException(file + " has formatVersion " + given + ", not a whole number");
        }
        int version = given.asInt(1);
        if (version > newest) {
            throw new BadInputException(file + " is a " + kind + " in format " + version + ", newer than this "
                    + "rabbittune reads (" + newest + ")", "render it with the rabbittune that wrote it", null);
        }
    }

    /** Every string in the tree with URI passwords masked, so no renderer can leak one. */
    static JsonNode masked(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(Secrets.mask(node.asText()));
        }
        if (node.isObject()) {
            // keys too: an evidence table shows them
            ObjectNode object = (ObjectNode) node;
            java.util.List<Map.Entry<String, JsonNode>> fields = new java.util.ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            object.removeAll();
            fields.forEach(field -> object.set(Secrets.mask(field.getKey()), masked(field.getValue())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, masked(node.get(i)));
            }
        }
        return node;
    }
}
