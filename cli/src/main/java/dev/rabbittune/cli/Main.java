package dev.rabbittune.cli;

import dev.rabbittune.core.RabbitTuneException;
import dev.rabbittune.core.Secrets;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rabbittune} command: subcommands, one-line errors and the exit codes of {@link ExitCodes}. */
@Command(name = "rabbittune", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmark, tune, diagnose and monitor RabbitMQ.",
        subcommands = {QuickstartCommand.class, BenchCommand.class, TuneCommand.class, CompareCommand.class,
            ReportCommand.class, DoctorCommand.class, MonitorCommand.class,
            RebalanceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        // amqp-client logs connection-close noise at WARN; errors reach the user through one line, not a logger
        System.setProperty("org.slf4j.simpleLogger.log.com.rabbitmq", verbose ? "warn" : "off");
        CommandLine commandLine = new CommandLine(new Main());
        // --io nio and --io NIO alike, as the help writes the values in lower case
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(ExitCodes.MAPPER);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            PrintWriter err = e.getCommandLine().getErr();
            if (e instanceof PerfTestRefusals.RefusedOption) {
                err.println("rabbittune: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            err.println("rabbittune: " + Secrets.mask(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCodes.BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, ignored) -> report(e, cmd.getErr(), verbose));
        return commandLine.execute(args);
    }

    static int report(Exception e, PrintWriter err, boolean verbose) {
        if (e instanceof RabbitTuneException known) {
            String hint = known.hint().isEmpty() ? "" : " (" + known.hint() + ")";
            err.println("rabbittune: " + known.getMessage() + hint);
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.MAPPER.getExitCode(known);
        }
        if (e instanceof InterruptedException) {
            err.println("rabbittune: interrupted");
            return ExitCodes.MAPPER.getExitCode(e);
        }
        err.println("rabbittune: unexpected error: " + Secrets.mask(String.valueOf(e.getMessage()))
                + (verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.MAPPER.getExitCode(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rabbittune " + (version == null ? "development build" : version)};
        }
    }
}
