package dev.rabbittune.cli;

import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.Workloads;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * PerfTest 2.22.1's options that {@link WorkloadOptions} does not already have under the same name, with PerfTest's
 * meaning (PerfTest's --help and src/docs/asciidoc/usage*.adoc; docs/bench.md's "PerfTest compatibility" lists every option).
 * Multi-letter short names ({@code -qq}, {@code -sb}) are declared as such, so picocli matches them whole instead of
 * reading a cluster of one-letter options. Options PerfTest has but rabbittune refuses are in {@link PerfTestRefusals}.
 */
final class PerfTestOptions {

    // connections
    @Option(names = "-h", paramLabel = "URI", description = "broker URI (PerfTest's -h; = --uri; help is --help)")
    List<String> uri;

    @Option(names = {"-H", "--uris"}, paramLabel = "URI,URI...", split = ",",
            description = "broker nodes, comma-separated (PerfTest's -H)")
    List<String> uris;

    @Option(names = "-b", paramLabel = "SECONDS", description = "AMQP heartbeat (PerfTest's -b; = --heartbeat)")
    Integer heartbeat;

    @Option(names = {"-M", "--framemax"}, paramLabel = "BYTES", description = "requested frame max (0 = broker's)")
    Integer frameMax;

    @Option(names = {"-tnd", "--tcp-no-delay"}, arity = "1", paramLabel = "true|false", description = "TCP_NODELAY (default true)")
    Boolean tcpNoDelay;

    @Option(names = {"-tsbs", "--tcp-send-buffer-size"}, paramLabel = "BYTES", description = "socket send buffer")
    Integer tcpSendBuffer;

    @Option(names = {"-trbs", "--tcp-receive-buffer-size"}, paramLabel = "BYTES",
            description = "socket receive buffer")
    Integer tcpReceiveBuffer;

    @Option(names = {"-niot", "--nio-threads"}, paramLabel = "N",
            description = "use NIO (= --io nio; amqp-client's I/O thread count)")
    Integer nioThreads;

    @Option(names = {"-niotp", "--nio-thread-pool"}, paramLabel = "N", hidden = true, description = "ignored")
    Integer nioThreadPool;

    @Option(names = {"-sst", "--servers-startup-timeout"}, paramLabel = "SECONDS",
            description = "wait up to this long for the broker(s) to answer before starting")
    Integer serversStartupTimeout;

    @Option(names = {"-sul", "--servers-up-limit"}, paramLabel = "N",
            description = "with --servers-startup-timeout: nodes that must answer (default: all)")
    Integer serversUpLimit;

    @Option(names = {"-dcr", "--disable-connection-recovery"},
            description = "a connection failure ends the run (= --stop-on-failure)")
    Boolean disableConnectionRecovery;

    @Option(names = {"-udsc", "--use-default-ssl-context"}, hidden = true,
            description = "no effect: amqps uses the JVM's default SSL context")
    boolean useDefaultSslContext;

    @Option(names = {"-hst", "--heartbeat-sender-threads"}, paramLabel = "N", hidden = true, description = "ignored")
    Integer heartbeatSenderThreads;

    @Option(names = {"-ctp", "--consumers-thread-pools"}, paramLabel = "N", hidden = true, description = "ignored")
    Integer consumersThreadPools;

    // clients and queues
    @Option(names = {"-X", "--producer-channel-count"}, paramLabel = "N",
            description = "channels (producers) per producer connection: -x N -X M = N*M producers")
    Integer producerChannelCount;

    @Option(names = {"-Y", "--consumer-channel-count"}, paramLabel = "N",
            description = "channels (consumers) per consumer connection: -y N -Y M = N*M consumers")
    Integer consumerChannelCount;

    @Option(names = {"-qq", "--quorum-queue"}, description = "quorum queues, persistent messages (PerfTest's -qq)")
    boolean quorumQueue;

    @Option(names = {"-sq", "--stream-queue"}, description = "stream queues, persistent messages, prefetch 200")
    boolean streamQueue;

    @Option(names = {"-qf", "--queue-file"}, paramLabel = "FILE", description = "queue names, one a line")
    Path queueFile;

    @Option(names = {"-mlb", "--max-length-bytes"}, paramLabel = "SIZE", description = "x-max-length-bytes, e.g. 20gb")
    String maxLengthBytes;

    @Option(names = {"-smssb", "--stream-max-segment-size-bytes"}, paramLabel = "SIZE",
            description = "x-stream-max-segment-size-bytes, e.g. 500mb")
    String streamMaxSegmentSize;

    @Option(names = {"-ll", "--leader-locator"}, paramLabel = "client-local|balanced", description = "x-queue-leader-locator")
    String leaderLocator;

    @Option(names = {"-ma", "--max-age"}, paramLabel = "ISO-8601", description = "x-max-age of streams, e.g. PT10M")
    String maxAge;

    @Option(names = {"-p", "--predeclared"},
            description = "use existing exchange and queues as they are (rabbittune always does)")
    boolean predeclared;

    @Option(names = {"-sb", "--skip-binding-queues"}, description = "do not bind the queues to the exchange")
    Boolean skipBindingQueues;

    @Option(names = {"-K", "--random-routing-key"}, description = "a random routing key per message")
    Boolean randomRoutingKey;

    @Option(names = {"-rkcs", "--routing-key-cache-size"}, paramLabel = "N",
            description = "with -K: draw from N pregenerated keys")
    Integer routingKeyCacheSize;

    // messages
    @Option(names = {"-B", "--body"}, paramLabel = "FILE,FILE...", description = "bodies from these files, in turn")
    String body;

    @Option(names = {"-T", "--body-content-type"}, paramLabel = "TYPE", description = "content-type property")
    String bodyContentType;

    @Option(names = {"-jb", "--json-body"}, description = "random JSON bodies of about --size bytes")
    Boolean jsonBody;

    @Option(names = {"-bc", "--body-count"}, paramLabel = "N", description = "JSON bodies generated (default 100)")
    Integer bodyCount;

    @Option(names = {"-bfc", "--body-field-count"}, paramLabel = "N",
            description = "random words in JSON bodies (default 1000)")
    Integer bodyFieldCount;

    @Option(names = {"-mp", "--message-properties"}, paramLabel = "KEY=VALUE,...", split = ",",
            description = "AMQP properties (priority=5, ...) and headers (any other key)")
    Map<String, String> messageProperties;

    @Option(names = {"-ms", "--use-millis"},
            description = "wall-clock millisecond stamps: producers and consumers may run on different hosts")
    Boolean useMillis;

    @Option(names = {"-vs", "--variable-size"}, paramLabel = "SIZE:SECONDS", description = "sizes over time (repeat)")
    List<String> variableSize;

    // producers
    @Option(names = {"-vr", "--variable-rate"}, paramLabel = "RATE:SECONDS", description = "rates over time (repeat)")
    List<String> variableRate;

    @Option(names = {"-P", "--publishing-interval"}, paramLabel = "SECONDS",
            description = "one message per producer every SECONDS (>= 0.1)")
    Double publishingInterval;

    @Option(names = {"-prsd", "--producer-random-start-delay"}, paramLabel = "SECONDS",
            description = "each producer starts after a random delay of up to SECONDS")
    Integer producerRandomStartDelay;

    @Option(names = {"-csd", "--consumer-start-delay"}, paramLabel = "SECONDS",
            description = "consumers start SECONDS after the producers (a backlog builds), or when publishing ends")
    Integer consumerStartDelay;

    @Option(names = {"-S", "--slow-start"}, description = "consumers start one a second (a second after each)")
    Boolean slowStart;

    @Option(names = {"-ct", "--confirm-timeout"}, paramLabel = "SECONDS", hidden = true,
            description = "accepted: outstanding confirms are awaited up to --drain-timeout")
    Integer confirmTimeout;

    // consumers
    @Option(names = {"-na", "--nack"},
            description = "consumers nack what they receive instead of acking it (at the same points, multiple)")
    Boolean nack;

    @Option(names = {"-re", "--requeue"}, arity = "1", paramLabel = "true|false",
            description = "with --nack, the broker requeues the nacked messages and delivers them again (default"
                    + " true); false drops or dead-letters them")
    Boolean requeue;

    @Option(names = {"-L", "--consumer-latency"}, paramLabel = "MICROS", description = "processing time per message")
    Integer consumerLatency;

    @Option(names = {"-vl", "--variable-latency"}, paramLabel = "MICROS:SECONDS",
            description = "processing time over time (repeat)")
    List<String> variableLatency;

    @Option(names = {"-D", "--cmessages"}, paramLabel = "N", description = "each consumer stops after N messages")
    Long cmessages;

    @Option(names = {"-n", "--ctxsize"}, paramLabel = "N", description = "consumer transactions of N acks")
    Integer ctxsize;

    @Option(names = {"-Q", "--global-qos"}, paramLabel = "N", description = "channel prefetch (basic.qos global)")
    Integer globalQos;

    @Option(names = {"-ca", "--consumer-args"}, paramLabel = "KEY=VALUE,...", split = ",",
            description = "basic.consume arguments, e.g. x-priority=10")
    Map<String, String> consumerArgs;

    @Option(names = {"-sco", "--stream-consumer-offset"}, paramLabel = "OFFSET",
            description = "stream offset: first, last, next, a number or an ISO-8601 timestamp")
    String streamConsumerOffset;

    @Option(names = {"-pi", "--polling-interval"}, paramLabel = "MILLIS", description = "wait before each basic.get")
    Integer pollingInterval;

    @Option(names = {"-ew", "--exit-when"}, paramLabel = "empty|idle",
            description = "end when consumers are idle 1 s (idle) or then find their queue empty (empty)")
    String exitWhen;

    // run and output
    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", description = "seconds between samples (default 1)")
    Integer interval;

    @Option(names = {"-st", "--shutdown-timeout"}, paramLabel = "SECONDS",
            description = "time allowed to close each connection (default 5)")
    Integer shutdownTimeout;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", description = "per-second samples as CSV (= --csv)")
    Path outputFile;

    @Option(names = {"-mf", "--metrics-format"}, paramLabel = "FORMAT", hidden = true,
            description = "ignored: rabbittune prints its own lines")
    String metricsFormat;

    @Option(names = {"-mpr", "--metrics-prometheus"},
            description = "serve the per-second figures for Prometheus (port 8080, /metrics)")
    boolean metricsPrometheus;

    @Option(names = {"-mpp", "--metrics-prometheus-port"}, paramLabel = "PORT", description = "(default 8080)")
    int metricsPrometheusPort = 8080;

    @Option(names = {"-mpe", "--metrics-prometheus-endpoint"}, paramLabel = "PATH", description = "(default /metrics)")
    String metricsPrometheusEndpoint = "/metrics";

    @Option(names = {"-mpx", "--metrics-prefix"}, paramLabel = "PREFIX", description = "(default perftest_)")
    String metricsPrefix = "perftest_";

    @Option(names = {"-mt", "--metrics-tags"}, paramLabel = "KEY=VALUE,...", split = ",",
            description = "labels on every metric")
    Map<String, String> metricsTags;

    /** The workload layer these options give (null fields say nothing); applied over {@link WorkloadOptions}. */
    WorkloadSpec toSpec(WorkloadOptions base) {
        Map<String, Object> keys = new LinkedHashMap<>();
        if (producerChannelCount != null) {
            // PerfTest: -x connections with -X channels each, every channel a producer
            keys.put("producers", (base.producers == null ? 1 : base.producers) * producerChannelCount);
            keys.put("producer-channel-count", producerChannelCount);
        }
        if (consumerChannelCount != null) {
            keys.put("consumers", (base.consumers == null ? 1 : base.consumers) * consumerChannelCount);
            keys.put("consumer-channel-count", consumerChannelCount);
        }
        queueTypeKeys(keys, base);
        if (queueFile != null) {
            keys.put("queue", String.join(",", readLines(queueFile)));
        }
        Map<String, Object> queueArgs = queueArgs(base);
        if (!queueArgs.isEmpty()) {
            keys.put("queue-args", queueArgs);
        }
        put(keys, "stop-on-failure", disableConnectionRecovery);
        put(keys, "skip-binding-queues", skipBindingQueues);
        put(keys, "random-routing-key", randomRoutingKey);
        put(keys, "routing-key-cache-size", routingKeyCacheSize);
        put(keys, "body", body);
        put(keys, "body-content-type", bodyContentType);
        put(keys, "json-body", jsonBody);
        put(keys, "body-count", bodyCount);
        put(keys, "body-field-count", bodyFieldCount);
        if (messageProperties != null) {
            keys.put("message-properties", typedValues(messageProperties));
        }
        put(keys, "use-millis", useMillis);
        put(keys, "variable-size", variableSize);
        put(keys, "variable-rate", variableRate);
        put(keys, "publishing-interval", publishingInterval);
        put(keys, "producer-random-start-delay", producerRandomStartDelay);
        put(keys, "consumer-start-delay", consumerStartDelay);
        put(keys, "slow-start", slowStart);
        put(keys, "nack", nack);
        put(keys, "requeue", requeue);
        put(keys, "consumer-latency", consumerLatency);
        put(keys, "variable-latency", variableLatency);
        put(keys, "cmessages", cmessages);
        put(keys, "ctxsize", ctxsize);
        put(keys, "global-qos", globalQos);
        Map<String, Object> arguments = consumerArguments();
        if (!arguments.isEmpty()) {
            keys.put("consumer-args", arguments);
        }
        put(keys, "polling-interval", pollingInterval);
        put(keys, "exit-when", exitWhen);
        put(keys, "interval", interval);
        put(keys, "shutdown-timeout", shutdownTimeout);
        return Workloads.fromKeys(keys, "command line");
    }

    /** PerfTest's -qq/-sq: the queue type, persistent messages, not auto-delete; streams get prefetch 200 if none. */
    private void queueTypeKeys(Map<String, Object> keys, WorkloadOptions base) {
        if (quorumQueue && streamQueue) {
            throw new BadInputException("use quorum queues or stream queues, not both", "drop -qq or -sq", null);
        }
        if (!quorumQueue && !streamQueue) {
            return;
        }
        keys.put("queue-type", quorumQueue ? "quorum" : "stream");
        keys.put("persistent", true);
        keys.put("auto-delete", false);
        if (streamQueue && (base.prefetch == null || base.prefetch == 0)) {
            keys.put("prefetch", 200);
        }
    }

    private Map<String, Object> queueArgs(WorkloadOptions base) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (base.queueArgs != null) {
            args.putAll(WorkloadOptions.typed(base.queueArgs));
        }
        if (streamQueue) {
            // PerfTest's stream defaults (usage-advanced.adoc "Stream queues"): 20 GB retention, 500 MB segments
            args.putIfAbsent("x-max-length-bytes", 20_000_000_000L);
            args.putIfAbsent("x-stream-max-segment-size-bytes", 500_000_000L);
        }
        if (maxLengthBytes != null) {
            long bytes = ByteSizes.parse("max-length-bytes", maxLengthBytes);
            if (bytes == 0) {
                args.remove("x-max-length-bytes");
            } else {
                args.put("x-max-length-bytes", bytes);
            }
        }
        if (streamMaxSegmentSize != null) {
            args.put("x-stream-max-segment-size-bytes", ByteSizes.parse("stream-max-segment-size-bytes",
                    streamMaxSegmentSize));
        }
        if (leaderLocator != null) {
            if (!leaderLocator.equals("client-local") && !leaderLocator.equals("balanced")) {
                throw new BadInputException("invalid leader-locator '" + leaderLocator + "'",
                        "use client-local or balanced", null);
            }
            args.put("x-queue-leader-locator", leaderLocator);
        }
        if (maxAge != null) {
            try {
                args.put("x-max-age", Duration.parse(maxAge).getSeconds() + "s");
            } catch (DateTimeParseException e) {
                throw new BadInputException("invalid max-age '" + maxAge + "'", "ISO 8601, e.g. PT10M30S or P5DT8H", e);
            }
        }
        return args;
    }

    private Map<String, Object> consumerArguments() {
        Map<String, Object> arguments = consumerArgs == null ? new LinkedHashMap<>() : typedValues(consumerArgs);
        if (streamConsumerOffset != null) {
            arguments.put("x-stream-offset", streamOffset(streamConsumerOffset));
        }
        return arguments;
    }

    /** PerfTest's -sco values: first, last, next, an absolute offset, or a point in time. */
    private static Object streamOffset(String value) {
        if (value.equals("first") || value.equals("last") || value.equals("next")) {
            return value;
        }
        if (value.matches("\\d{1,19}")) {
            return Long.parseLong(value);
        }
        try {
            return Date.from(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadInputException("invalid stream-consumer-offset '" + value + "'",
                    "first, last, next, an offset or a timestamp like 2022-06-03T07:45:54Z", e);
        }
    }

    private static Map<String, Object> typedValues(Map<String, String> values) {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> typed.put(key, WorkloadOptions.typedValue(value)));
        return typed;
    }

    private static List<String> readLines(Path file) {
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
            return names;
        } catch (IOException e) {
            throw new BadInputException("cannot read queue file " + file + ": " + e.getMessage());
        }
    }

    private static void put(Map<String, Object> keys, String key, Object value) {
        if (value != null) {
            keys.put(key, value);
        }
    }

    /** PerfTest's byte sizes: a number of bytes or one with kb, mb, gb or tb (powers of 1000, as RabbitMQ's). */
    static final class ByteSizes {
        private ByteSizes() {
        }

        static long parse(String option, String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            for (String[] suffix : new String[][] {{"tb", "1000000000000"}, {"gb", "1000000000"},
                {"mb", "1000000"}, {"kb", "1000"}}) {
                if (value.endsWith(suffix[0])) {
                    unit = Long.parseLong(suffix[1]);
                    value = value.substring(0, value.length() - 2);
                    break;
                }
            }
            try {
                return Math.multiplyExact(Long.parseLong(value.trim()), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadInputException("invalid " + option + " '" + text + "'", "e.g. 20gb, 500mb or 1000000",
                        e);
            }
        }
    }
}
