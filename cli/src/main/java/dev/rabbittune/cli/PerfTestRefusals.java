package dev.rabbittune.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * PerfTest 2.22.1's options that {@code rabbittune bench} refuses: each is declared (hidden), so that it fails with
 * one line naming what to use instead rather than "unknown option" or, worse, being read as a cluster of one-letter
 * options. Added to {@code bench} as a picocli model transformer. docs/bench.md's "PerfTest compatibility" lists them too.
 */
final class PerfTestRefusals implements CommandLine.IModelTransformer {

    /** One refused option: its names, whether it takes a value, what it is in PerfTest, and what to use instead. */
    record Refusal(String shortName, String longName, boolean takesValue, String what, String instead) {

        String message() {
            return (shortName == null ? "" : shortName + "/") + longName + " is PerfTest's " + what
                    + "; rabbittune does not support it (" + instead + ")";
        }
    }

    private static final String NO_SYNC = "start the instances yourself, e.g. from one script";
    private static final String NO_OAUTH = "use a URI with user and password, or a token as the password";
    private static final String METRICS = "use --metrics-prometheus (the run's rates and latencies) or --json FILE";

    static final List<Refusal> REFUSALS = List.of(
            new Refusal("-se", "--sasl-external", false, "SASL EXTERNAL authentication",
                    "use a URI with user and password"),
            new Refusal("-sni", "--server-name-indication", true, "TLS SNI names",
                    "the URI's host name is sent as SNI: use amqps://that-name"),
            new Refusal("-cri", "--connection-recovery-interval", true, "connection recovery interval",
                    "recovery retries at amqp-client's interval; --stop-on-failure ends the run instead"),
            new Refusal("-em", "--exposed-metrics", true, "extra exposed metrics", "use --json FILE"),
            new Refusal("-mh", "--metrics-help", false, "metrics usage", "use --help"),
            new Refusal("-env", "--environment-variables", false, "environment variable usage",
                    "use options or --workload FILE; only RABBITTUNE_URI is read"),
            new Refusal("-ei", "--expected-instances", true, "instance synchronization", NO_SYNC),
            new Refusal("-isn", "--instance-sync-namespace", true, "instance synchronization namespace", NO_SYNC),
            new Refusal("-ist", "--instance-sync-timeout", true, "instance synchronization timeout", NO_SYNC),
            new Refusal("-o2uri", "--oauth2-token-endpoint", true, "OAuth2 token endpoint", NO_OAUTH),
            new Refusal("-o2id", "--oauth2-client-id", true, "OAuth2 client id", NO_OAUTH),
            new Refusal("-o2sec", "--oauth2-client-secret", true, "OAuth2 client secret", NO_OAUTH),
            new Refusal("-o2gr", "--oauth2-grant-type", true, "OAuth2 grant type", NO_OAUTH),
            new Refusal("-o2p", "--oauth2-parameters", true, "OAuth2 parameters", NO_OAUTH),
            new Refusal(null, "--verbose-full", false, "message logging", "use --json FILE for the run's figures"),
            new Refusal("-mcla", "--metrics-command-line-arguments", false, "command-line metric", METRICS),
            new Refusal("-mc", "--metrics-client", false, "client metrics", METRICS),
            new Refusal("-mcl", "--metrics-class-loader", false, "JVM class loader metrics", METRICS),
            new Refusal("-mjm", "--metrics-jvm-memory", false, "JVM memory metrics", METRICS),
            new Refusal("-mjgc", "--metrics-jvm-gc", false, "JVM GC metrics", METRICS),
            new Refusal("-mjp", "--metrics-processor", false, "processor metrics", METRICS),
            new Refusal("-mjt", "--metrics-jvm-thread", false, "JVM thread metrics", METRICS),
            new Refusal("-mjx", "--metrics-jmx", false, "JMX metrics", METRICS),
            new Refusal("-mda", "--metrics-datadog", false, "Datadog metrics", METRICS),
            new Refusal("-mdk", "--metrics-datadog-api-key", true, "Datadog API key", METRICS),
            new Refusal("-mds", "--metrics-datadog-step-size", true, "Datadog step size", METRICS),
            new Refusal("-mdak", "--metrics-datadog-application-key", true, "Datadog application key", METRICS),
            new Refusal("-mdh", "--metrics-datadog-host-tag", true, "Datadog host tag", METRICS),
            new Refusal("-mdd", "--metrics-datadog-descriptions", false, "Datadog descriptions", METRICS),
            new Refusal("-mdu", "--metrics-datadog-uri", true, "Datadog URI", METRICS));

    /** A refused option was given; {@link Main} prints its message as the one line, exit code 2. */
    static final class RefusedOption extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        RefusedOption(CommandLine commandLine, String message) {
            super(commandLine, message);
        }
    }

    @Override
    public CommandSpec transform(CommandSpec command) {
        for (Refusal refusal : REFUSALS) {
            String[] names = refusal.shortName() == null ? new String[] {refusal.longName()}
                    : new String[] {refusal.shortName(), refusal.longName()};
            command.addOption(OptionSpec.builder(names)
                    .hidden(true)
                    .type(refusal.takesValue() ? String.class : boolean.class)
                    .arity(refusal.takesValue() ? "1" : "0")
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value == null) {
                                return null; // picocli resetting the option before parsing
                            }
                            throw new RefusedOption(command.commandLine(), refusal.message());
                        }
                    })
                    .build());
        }
        return command;
    }
}
