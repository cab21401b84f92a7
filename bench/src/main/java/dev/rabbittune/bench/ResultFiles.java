package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes a {@link Result} as JSON (everything) or CSV (the per-second samples). Files are written to a temporary
 * sibling and moved into place, so an interrupted write never leaves half a result (devices and pipes are written
 * in place).
 */
public final class ResultFiles {

    private static final String CSV_HEADER = "elapsed_s,phase,sent,confirmed,nacked,returned,received,"
            + "sent_per_s,confirmed_per_s,received_per_s,latency_p50_ms,latency_p95_ms,latency_p99_ms,"
            + "latency_max_ms,confirm_p50_ms,confirm_p99_ms,client_cpu_percent";

    private ResultFiles() {
    }

    /** Fails before a run when {@code file} could not be written afterwards (missing directory). */
    public static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException("cannot write " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot write " + file + ": it is a directory");
        }
    }

    public static void writeJson(Result result, Path file) throws IOException {
        replace(file, writer -> Json.mapper().writeValue(writer, result));
    }

    public static Result readJson(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), Result.class);
    }

    public static void writeCsv(Result result, Path file) throws IOException {
        replace(file, writer -> {
            writer.write(CSV_HEADER);
            writer.write('\n');
            for (Sample s : result.samples()) {
                writer.write(String.format(Locale.ROOT, "%.3f,%s,%d,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,"
                                + "%.3f,%.3f,%.1f%n", s.elapsedSeconds(), s.phase(), s.sent(), s.confirmed(),
                        s.nacked(), s.returned(), s.received(), s.sentRate(), s.confirmedRate(), s.receivedRate(),
                        s.latency().p50Ms(), s.latency().p95Ms(), s.latency().p99Ms(), s.latency().maxMs(),
                        s.confirmLatency().p50Ms(), s.confirmLatency().p99Ms(), s.clientCpuPercent()));
            }
        });
    }

    private interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    private static void replace(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a device or a pipe (--json /dev/null, --json /dev/stdout): moving a file over it would replace the
            // device itself, so it is written in place
            try (Writer writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                content.writeTo(writer);
            }
            return;
        }
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.writeTo(writer);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
