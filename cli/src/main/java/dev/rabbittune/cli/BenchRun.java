package dev.rabbittune.cli;

import dev.rabbittune.bench.Engine;
import dev.rabbittune.bench.IoMode;
import dev.rabbittune.bench.RunListener;
import dev.rabbittune.bench.Result;
import dev.rabbittune.bench.ResultFiles;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.client.ConnectionSettings;
import java.io.IOException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Runs a resolved workload with console output, Ctrl-C handling and result files; returns the exit code. */
final class BenchRun {

    private BenchRun() {
    }

    /** Runs {@code workload}; {@code extra}, when not null, wraps the console report (e.g. a metrics endpoint). */
    static int run(Workload workload, ConnectionSettings settings, IoMode io, RunOutputOptions output,
                   PrometheusEndpoint extra) throws InterruptedException, IOException {
        if (output.json != null) {
            ResultFiles.checkWritable(output.json);
        }
        if (output.csv != null) {
            ResultFiles.checkWritable(output.csv);
        }
        if (output.hdrLog != null) {
            ResultFiles.checkWritable(output.hdrLog);
        }
        ConsoleReport console = new ConsoleReport(System.out, System.err, output.quiet, System.console() != null);
        RunListener listener = extra == null ? console : extra.wrapping(console);
        Engine engine = new Engine(workload, settings, io, listener, output.keep);
        if (output.hdrLog != null) {
            engine.withHdrLog(output.hdrLog);
        }
        Signal interrupt = new Signal("INT");
        SignalHandler previous = Signal.handle(interrupt, new SignalHandler() {
            private volatile boolean asked;

            @Override
            public void handle(Signal signal) {
                if (asked) {
                    System.err.println("\nrabbittune: stopped without cleanup");
                    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                }
                asked = true;
                System.err.println("\nstopping: partial summary and cleanup follow (Ctrl-C again to quit now)");
                engine.requestStop();
            }
        });
        Result result;
        try {
            result = engine.run();
        } finally {
            Signal.handle(interrupt, previous);
        }
        if (result.failure() != null) {
            Result.Failure failure = result.failure();
            System.err.println("rabbittune: " + failure.message()
                    + (failure.hint().isEmpty() ? "" : " (" + failure.hint() + ")"));
        }
        console.summary(result);
        int exitCode = exitCode(result, output.failOnWarning);
        if (result.failure() != null) {
            result = result.withFailure(result.failure().withExitCode(exitCode)); // the file says how it exited
        }
        if (output.json != null) {
            ResultFiles.writeJson(result, output.json);
            System.out.println("  result     " + output.json);
        }
        if (output.csv != null) {
            ResultFiles.writeCsv(result, output.csv);
            System.out.println("  samples    " + output.csv);
        }
        if (output.hdrLog != null) {
            System.out.println("  hdr log    " + output.hdrLog);
        }
        return exitCode;
    }

    /** A failure's own code (results are written first), Ctrl-C 130, a warning 1 when asked, else 0. */
    static int exitCode(Result result, boolean failOnWarning) {
        if (result.failure() != null) {
            return ExitCodes.of(result.failure().kind());
        }
        if (result.interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        return failOnWarning && !result.warnings().isEmpty() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
}
