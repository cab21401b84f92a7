package dev.rabbittune.cli;

import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.core.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The workload options of {@code bench}. Long names are the keys of workload files; short names (and PerfTest's long
 * names as aliases) are PerfTest's, so that PerfTest users can switch without relearning; docs/bench.md's "PerfTest
 * compatibility" says where the meaning differs. PerfTest's other options are in {@link PerfTestOptions}. Every field is {@code null} unless given,
 * so the command line overrides a preset or workload file only where it says something.
 */
final class WorkloadOptions {

    @Option(names = {"-x", "--producers"}, paramLabel = "N", description = "producers (default 1)")
    Integer producers;

    @Option(names = {"-y", "--consumers"}, paramLabel = "N", description = "consumers (default 1)")
    Integer consumers;

    @Option(names = {"-u", "--queue"}, paramLabel = "NAME[,NAME...]",
            description = "use these queues (declared if missing, kept afterwards if they existed)")
    String queue;

    @Option(names = "--queues", paramLabel = "N", description = "number of queues the run creates (default 1)")
    Integer queues;

    @Option(names = {"-qp", "--queue-pattern"}, paramLabel = "PATTERN", description = "queue names like 'orders-%%d'")
    String queuePattern;

    @Option(names = {"-qpf", "--queue-pattern-from"}, paramLabel = "N", description = "first %%d of --queue-pattern (default 1)")
    Integer queuePatternFrom;

    @Option(names = {"-qpt", "--queue-pattern-to"}, paramLabel = "N", description = "last %%d of --queue-pattern")
    Integer queuePatternTo;

    @Option(names = "--queue-type", paramLabel = "TYPE", description = "classic (default), quorum or stream")
    String queueType;

    @Option(names = {"-qa", "--queue-arg", "--queue-args"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            split = ",",
            description = "extra queue argument, e.g. x-max-length=10000 (repeatable; numbers and true/false typed)")
    Map<String, String> queueArgs;

    @Option(names = {"-E", "--exclusive"}, description = "exclusive queues (classic only)")
    Boolean exclusive;

    @Option(names = {"-ad", "--auto-delete"}, arity = "0..1", paramLabel = "true|false",
            description = "auto-delete queues (classic only; PerfTest takes a value: --auto-delete false)")
    Boolean autoDelete;

    @Option(names = {"-e", "--exchange"}, paramLabel = "NAME", description = "exchange (default: one per run)")
    String exchange;

    @Option(names = {"-t", "--exchange-type", "--type"}, paramLabel = "TYPE",
            description = "direct (default), topic, fanout or headers")
    String exchangeType;

    @Option(names = {"-k", "--routing-key"}, paramLabel = "KEY",
            description = "routing key of every message (default: the producer's queue name)")
    String routingKey;

    @Option(names = "--binding-key", paramLabel = "KEY", description = "binding key of every queue (default: its name)")
    String bindingKey;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", description = "message body size (default 12)")
    Integer size;

    @Option(names = "--size-mix", paramLabel = "SIZE:WEIGHT,...", description = "weighted sizes, e.g. 100:70,4096:30")
    String sizeMix;

    @Option(names = {"-r", "--rate"}, paramLabel = "MSG/S", description = "per-producer rate (default 0 = unlimited)")
    Double rate;

    @Option(names = "--fixed-rate",
            description = "latency from the intended send time, catching up missed slots (no coordinated omission)")
    Boolean fixedRate;

    @Option(names = {"-z", "--duration", "--time"}, paramLabel = "SECONDS", description = "publish for this long (default 10)")
    Integer duration;

    @Option(names = {"-C", "--messages", "--pmessages"}, paramLabel = "N", description = "messages per producer, then stop")
    Long messages;

    @Option(names = {"-c", "--confirm"}, paramLabel = "N", description = "publisher confirms, N outstanding at most")
    Integer confirm;

    @Option(names = {"-m", "--producer-tx-size", "--ptxsize"}, paramLabel = "N",
            description = "commit a transaction every N messages (comparison mode; slower than confirms)")
    Integer producerTxSize;

    @Option(names = "--persistent", description = "persistent messages (delivery mode 2)")
    Boolean persistent;

    @Option(names = "--mandatory", description = "mandatory publishing; unroutable messages are counted as returned")
    Boolean mandatory;

    @Option(names = {"-f", "--flag"}, paramLabel = "FLAG", description = "PerfTest flags: persistent, mandatory")
    List<String> flags;

    @Option(names = {"-q", "--prefetch", "--qos"}, paramLabel = "N", description = "consumer prefetch (default 0 = unlimited)")
    Integer prefetch;

    @Option(names = {"-A", "--multi-ack-every"}, paramLabel = "N", description = "ack with multiple=true every N")
    Integer multiAckEvery;

    @Option(names = {"-a", "--auto-ack", "--autoack"}, description = "auto-ack (no consumer acknowledgements)")
    Boolean autoAck;

    @Option(names = {"-po", "--polling"}, description = "basic.get polling instead of basic.consume (comparison mode)")
    Boolean polling;

    @Option(names = {"-R", "--consumer-rate"}, paramLabel = "MSG/S", description = "per-consumer rate limit")
    Double consumerRate;

    @Option(names = "--rpc", description = "request/reply through amq.rabbitmq.reply-to; latency is the round trip")
    Boolean rpc;

    @Option(names = "--channels-per-connection", paramLabel = "N",
            description = "producers (and consumers) sharing one connection (default 100)")
    Integer channelsPerConnection;

    @Option(names = {"-pst", "--pacing-threads", "--producer-scheduler-threads"}, paramLabel = "N",
            description = "threads scheduling rate-limited producers (default: cores)")
    Integer pacingThreads;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS",
            description = "after publishing, wait this long for consumers to catch up (default 10)")
    Integer drainTimeout;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "run, but leave the first SECONDS out of the summary's rates and latencies (reported apart)")
    Integer warmup;

    @Option(names = "--stop-on-failure",
            description = "end the run on a connection failure (exit 3) instead of recovering and going on")
    Boolean stopOnFailure;

    @Option(names = {"-d", "--label", "--id"}, paramLabel = "TEXT", description = "name of the run in the output")
    String label;

    WorkloadSpec toSpec() {
        Boolean flagPersistent = persistent;
        Boolean flagMandatory = mandatory;
        for (String flag : flags == null ? List.<String>of() : flags) {
            switch (flag.trim().toLowerCase(Locale.ROOT)) {
                case "persistent" -> flagPersistent = true;
                case "mandatory" -> flagMandatory = true;
                default -> throw new BadInputException("unknown flag '" + flag + "'", "use persistent or mandatory",
                        null);
            }
        }
        return new WorkloadSpec(label, producers, consumers, queue, queues, queuePattern, queuePatternFrom,
                queuePatternTo, queueType, typed(queueArgs), exclusive, autoDelete, exchange, exchangeType, routingKey,
                bindingKey, size, sizeMix, rate, fixedRate, duration, messages, confirm, producerTxSize,
                flagPersistent, flagMandatory, prefetch, multiAckEvery, autoAck, polling, consumerRate, rpc,
                channelsPerConnection, pacingThreads, drainTimeout, warmup, stopOnFailure);
    }

    /** Queue arguments as the broker expects them: integers as numbers, true/false as booleans, else strings. */
    static Map<String, Object> typed(Map<String, String> arguments) {
        if (arguments == null) {
            return null;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        arguments.forEach((key, value) -> {
            if (!key.startsWith("x-")) {
                throw new BadInputException("queue argument '" + key + "' does not start with x-",
                        "queue arguments are x-... keys, e.g. x-max-length=10000", null);
            }
            typed.put(key, typedValue(value));
        });
        return typed;
    }

    static Object typedValue(String value) {
        if (value.matches("-?\\d{1,18}")) {
            long number = Long.parseLong(value);
            return number == (int) number ? (Object) (int) number : (Object) number;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }
}
