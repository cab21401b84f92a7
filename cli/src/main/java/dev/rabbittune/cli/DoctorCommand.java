package dev.rabbittune.cli;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.doctor.Doctor;
import dev.rabbittune.doctor.DoctorReport;
import dev.rabbittune.doctor.ReportRendering;
import dev.rabbittune.doctor.Severity;
import dev.rabbittune.doctor.SnapshotFile;
import dev.rabbittune.doctor.config.ConfigGenerator;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rabbittune doctor}: probe the host, broker and cluster (or load a saved snapshot), run every rule and
 * report the findings. Exit 1 when a finding reaches {@code --fail-on} (critical by default).
 */
@Command(name = "doctor", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Diagnose host, broker and cluster: each finding with evidence, why and the exact fix.",
            "Exit 1 when a finding is at least --fail-on (default critical), 0 otherwise."})
final class DoctorCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    ManagementOptions management;

    @Option(names = "--from", paramLabel = "FILE", description = "analyse a saved snapshot offline (no broker)")
    Path from;

    @Option(names = "--save-snapshot", paramLabel = "FILE", description = "write the snapshot (no credentials)")
    Path saveSnapshot;

    @Option(names = "--watch", paramLabel = "DURATION", converter = WatchConverter.class, description = {
        "take two snapshots DURATION apart (e.g. 60s, 5m; at least 10s) and add the findings that need a rate:",
        "a queue growing with no consumer, unacked growing, disk running out within a day, connection churn;",
        "--save-snapshot keeps both, so --from gives the same findings offline"})
    java.time.Duration watch;

    @Option(names = "--no-host", description = "do not probe the host even when the broker is local")
    boolean noHost;

    @Option(names = "--explain", description = "print why each finding matters, the fix and the reference")
    boolean explain;

    @Option(names = "--json", paramLabel = "FILE", description = "write the findings as JSON")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the findings as Markdown")
    Path markdown;

    @Option(names = "--write-config", paramLabel = "DIR", description = {"write rabbitmq.conf, sysctl.d, a systemd "
        + "LimitNOFILE drop-in and a README sized from the snapshot into DIR (created if missing);",
        "nothing on the host is changed"})
    Path writeConfig;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "exit 1 when a finding is at least this severe: critical (default), warning or info")
    Severity failOn = Severity.CRITICAL;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() {
        checkWritable(json);
        checkWritable(markdown);
        checkWritable(saveSnapshot);
        if (watch != null && from != null) {
            throw new BadInputException("--watch takes its two snapshots from a broker; a snapshot saved by a watch "
                    + "already holds both", "drop --watch to analyse " + from + ", or --from to watch the broker", null);
        }
        Snapshot snapshot = from != null ? SnapshotFile.load(from) : Doctor.probe(api(), !noHost);
        if (watch != null) {
            System.err.println("doctor: first snapshot taken; the second follows in " + watch.toSeconds() + " s");
            sleep(watch);
            snapshot = Doctor.probe(api(), !noHost).withEarlier(snapshot);
        }
        if (saveSnapshot != null) {
            SnapshotFile.save(snapshot, saveSnapshot);
        }
        DoctorReport report = DoctorReport.of(snapshot);
        System.out.print(ReportRendering.console(report, explain));
        if (!explain && !report.findings().isEmpty()) {
            System.out.println("(--explain for why each matters and how to fix it)");
        }
        write(json, ReportRendering.json(report));
        write(markdown, ReportRendering.markdown(report));
        if (saveSnapshot != null) {
            System.out.println("snapshot written to " + saveSnapshot);
        }
        if (writeConfig != null) {
            List<Path> files = ConfigGenerator.generate(snapshot).writeTo(writeConfig);
            System.out.println("configuration written to " + writeConfig + ": " + files.stream()
                    .map(f -> writeConfig.relativize(f).toString()).collect(Collectors.joining(", "))
                    + " (see README.md there to install it)");
        }
        return report.fails(failOn) ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private static void sleep(java.time.Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the second snapshot", e);
        }
    }

    /** {@code 60s}, {@code 5m}, {@code 1h} or plain seconds; from 10 s (statistics refresh every 5 s) to 24 h. */
    static final class WatchConverter implements CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            java.time.Duration duration = Durations.parse(value).orElseThrow(() ->
                    new CommandLine.TypeConversionException("invalid --watch '" + value
                            + "': expected a duration such as 60s, 5m or 1h"));
            if (duration.toSeconds() < 10 || duration.toHours() > 24) {
                throw new CommandLine.TypeConversionException("--watch " + value + " is out of range: from 10s "
                        + "(the management statistics refresh every 5 s) to 24h");
            }
            return duration;
        }
    }

    /** Accepts critical/warning/info in any case. */
    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("invalid severity '" + value
                        + "': expected critical, warning or info");
            }
        }
    }

    private ManagementApi api() {
        return management.api();
    }

    /** Fails before probing when an output file could not be written (a missing directory). */
    private static void checkWritable(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadInputException("cannot write " + file + ": directory " + dir + " does not exist", "", null);
        }
    }

    private static void write(Path file, String content) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file + ": " + e.getMessage(), "", e);
        }
    }
}
