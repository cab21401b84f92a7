package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResultFilesTest {

    @Test
    void writingToADeviceWritesIntoItAndLeavesTheDeviceInPlace() throws Exception {
        Path devNull = Path.of("/dev/null");
        ResultFiles.writeJson(null, devNull);
        assertThat(Files.isRegularFile(devNull)).as("/dev/null is still a device").isFalse();
        assertThat(Files.exists(devNull)).isTrue();
    }
}
