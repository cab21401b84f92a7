package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {

    @Test
    void aSavedSnapshotLoadsBackEqualAndGivesTheSameFindings(@TempDir Path dir) {
        SnapshotBuilder builder = SnapshotBuilder.healthy();
        builder.queue().consumers = 0;
        builder.queue().ready = 42;
        Snapshot snapshot = builder.build();
        Path file = dir.resolve("s.json");

        SnapshotFile.save(snapshot, file);
        Snapshot loaded = SnapshotFile.load(file);

        assertThat(loaded).isEqualTo(snapshot);
        assertThat(Doctor.diagnose(loaded)).isEqualTo(Doctor.diagnose(snapshot));
    }

    @Test
    void aNewerFormatIsRefusedAsBadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("future.json");
        Files.writeString(file, "{\"formatVersion\": 99, \"broker\": {}}");
        assertThatThrownBy(() -> SnapshotFile.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("format version 99").hasMessageContaining("newer");
    }

    @Test
    void truncatedOrForeignFilesAreBadInput(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("t.json");
        Files.writeString(truncated, "{\"formatVersion\": 1, \"broker\": {\"nodes\": [");
        Path foreign = dir.resolve("f.json");
        Files.writeString(foreign, "{\"hello\": 1}");
        assertThatThrownBy(() -> SnapshotFile.load(truncated)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SnapshotFile.load(foreign)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a rabbittune snapshot");
        assertThatThrownBy(() -> SnapshotFile.load(dir.resolve("missing.json")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not found");
    }
}
