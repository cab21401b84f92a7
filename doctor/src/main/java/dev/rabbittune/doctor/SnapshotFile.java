package dev.rabbittune.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Saves and loads snapshots as JSON. A snapshot carries no credentials (the probes never read them), so the file
 * can be attached to a ticket. Loading refuses a file from a newer format instead of misreading it.
 */
public final class SnapshotFile {

    private SnapshotFile() {
    }

    /** Writes {@code snapshot} to {@code file}; a {@link BadInputException} when it cannot be written. */
    public static void save(Snapshot snapshot, Path file) {
        try {
            Json.mapper().writeValue(file.toFile(), snapshot);
        } catch (IOException e) {
            throw new BadInputException("cannot write snapshot " + file + ": " + e.getMessage(),
                    "check that the directory exists and is writable", e);
        }
    }

    /** Reads a snapshot; a {@link BadInputException} when missing, malformed or from a newer format. */
    public static Snapshot load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("snapshot file " + file + " not found", "", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read snapshot " + file + ": " + e.getMessage(), "", e);
        }
        try {
            JsonNode tree = Json.mapper().readTree(text);
            int version = tree.path("formatVersion").asInt(-1);
            if (version < 1) {
                throw new BadInputException(file + " is not a rabbittune snapshot (no formatVersion)",
                        "give a file rabbittune doctor saved (its save-snapshot setting)", null);
            }
            if (version > Snapshot.FORMAT_VERSION) {
                throw new BadInputException("snapshot " + file + " has format version " + version
                        + ", newer than this rabbittune understands (" + Snapshot.FORMAT_VERSION + ")",
                        "upgrade rabbittune to read it", null);
            }
            return Json.mapper().treeToValue(tree, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("snapshot " + file + " is not valid JSON: " + e.getOriginalMessage(),
                    "was the file truncated?", e);
        }
    }
}
