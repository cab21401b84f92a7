package dev.rabbittune.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a run's results go. */
final class RunOutputOptions {

    @Option(names = "--json", paramLabel = "FILE", description = "write the full result as JSON")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the per-second samples as CSV")
    Path csv;

    @Option(names = "--hdr-log", paramLabel = "FILE",
            description = "write end-to-end and confirm latency per interval as an HdrHistogram log")
    Path hdrLog;

    @Option(names = "--fail-on-warning",
            description = "exit 1 when the run warned (target missed, messages missed or undelivered, outages, ...)")
    boolean failOnWarning;

    @Option(names = "--keep", description = "keep the queues and exchange the run created")
    boolean keep;

    @Option(names = "--quiet", description = "no per-second lines, only the summary")
    boolean quiet;
}
