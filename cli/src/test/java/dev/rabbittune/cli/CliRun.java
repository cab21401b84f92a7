package dev.rabbittune.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command in-process with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Bad input: the exit code, one line on stderr starting "rabbittune: ", no stack trace, each fragment in it. */
    static void assertOneLineError(CliRun run, int exitCode, String... fragments) {
        org.assertj.core.api.Assertions.assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        String err = run.errorLines();
        org.assertj.core.api.Assertions.assertThat(err.lines()).as(err).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(err).startsWith("rabbittune: ")
                .doesNotContain("Exception", "\tat ");
        for (String fragment : fragments) {
            org.assertj.core.api.Assertions.assertThat(err).contains(fragment);
        }
    }

    /** stderr without the lines of the amqp-client's own logger. */
    String errorLines() {
        return err.lines().filter(l -> !l.contains("com.rabbitmq.client")).reduce("", (a, b) -> a + b + "\n");
    }
}
