package dev.rabbittune.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OS packages' promtool (scripts/prometheus install puts it there). */
final class Tools {

    private Tools() {
    }

    /** Exit code and combined output. */
    record Run(int exitCode, String output) {
    }

    static Run run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
