package dev.rabbittune.bench;

import dev.rabbittune.client.topology.QueueType;
import dev.rabbittune.core.BadInputException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fully resolved workload: every value decided and checked. Built by {@link #resolve} from layered
 * {@link WorkloadSpec}s (preset, then workload file, then command line; later layers win).
 *
 * @param queueNames        explicit queue names (from {@code queue} or {@code queue-pattern}); empty = generated
 * @param queueCount        number of queues the run uses
 * @param durationSeconds   how long producers publish; 0 when {@link #messagesPerProducer} bounds the run
 * @param messagesPerProducer messages each producer sends; 0 = until the duration ends
 * @param ratePerProducer   messages per second per producer; 0 = as fast as possible
 * @param warmupSeconds     the first seconds of publishing, left out of the summary's rates and latencies
 * @param stopOnFailure     a connection failure ends the run (as unreachable) instead of being recovered from
 * @param content           bodies, properties and routing keys beyond the size (PerfTest's message options)
 * @param pacing            rate changes over time and producers' start delays
 * @param control           run end conditions, sampling interval, shutdown, connections and bindings
 */
public record Workload(
        String label,
        int producers,
        int consumers,
        List<String> queueNames,
        int queueCount,
        QueueType queueType,
        Map<String, Object> queueArgs,
        boolean exclusive,
        boolean autoDelete,
        String exchange,
        ExchangeType exchangeType,
        String routingKey,
        String bindingKey,
        SizeMix sizes,
        double ratePerProducer,
        boolean fixedRate,
        int durationSeconds,
        long messagesPerProducer,
        PublishSettings publish,
        boolean persistent,
        ConsumeSettings consume,
        boolean rpc,
        int channelsPerConnection,
        int pacingThreads,
        int drainTimeoutSeconds,
        int warmupSeconds,
        boolean stopOnFailure,
        MessageContent content,
        ProducerPacing pacing,
        RunControl control) {

    /** The broker's default {@code max_message_size} (128 MiB since 3.8; 3.x allowed up to 512 MiB). */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

    /** Timestamp (8 bytes) + run marker (4 bytes): bodies at least this large carry an end-to-end latency stamp. */
    public static final int STAMP_BYTES = 12;

    /** Stamp + producer (4 bytes) + sequence number (8): bodies this large also say which message they are. */
    public static final int ID_BYTES = 24;

    public Workload {
        queueNames = List.copyOf(queueNames);
        queueArgs = Map.copyOf(queueArgs);
    }

    public enum ExchangeType {
        DIRECT, TOPIC, FANOUT, HEADERS;

        public String amqpName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True when the run ends after a message count rather than a duration. */
    public boolean boundedByCount() {
        return messagesPerProducer > 0;
    }

    /** Target publish rate of all producers together; 0 when unlimited. */
    public double targetRate() {
        return ratePerProducer * producers;
    }

    /** Overlays {@code layers} in order (later non-null values win), applies defaults and validates. */
    public static Workload resolve(List<WorkloadSpec> layers) {
        return fromSpec(merge(layers));
    }

    static WorkloadSpec merge(List<WorkloadSpec> layers) {
        RecordComponent[] components = WorkloadSpec.class.getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (WorkloadSpec layer : layers) {
                for (int i = 0; i < components.length; i++) {
                    Object value = components[i].getAccessor().invoke(layer);
                    if (value != null) {
                        values[i] = value;
                    }
                }
            }
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            return WorkloadSpec.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("WorkloadSpec is a record with a canonical constructor", e);
        }
    }

    private static Workload fromSpec(WorkloadSpec s) {
        int producers = atLeast("producers", or(s.producers(), 1), 0);
        int consumers = atLeast("consumers", or(s.consumers(), 1), 0);
        if (producers == 0 && consumers == 0) {
            throw new BadInputException("a workload needs at least one producer or consumer");
        }
        List<String> names = queueNames(s);
        int queueCount = names.isEmpty() ? atLeast("queues", or(s.queues(), 1), 1) : names.size();
        QueueType queueType = parseEnum(QueueType.class, "queue-type", or(s.queueType(), "classic"));
        ExchangeType exchangeType = parseEnum(ExchangeType.class, "exchange-type", or(s.exchangeType(), "direct"));
        long messages = atLeast("messages", or(s.messages(), 0L), 0L);
        // with --exit-when or --cmessages the consumers end the run, as in PerfTest, unless a duration is given
        boolean consumersEndIt = s.cmessages() != null && s.cmessages() > 0
                || s.exitWhen() != null && !s.exitWhen().equalsIgnoreCase("never");
        int duration = atLeast("duration", or(s.duration(), messages > 0 || consumersEndIt ? 0 : 10), 0);
        if (messages == 0 && duration == 0 && !consumersEndIt) {
            throw new BadInputException("a run needs a duration or a message count",
                    "set a duration (seconds) or a message count", null);
        }
        double rate = WorkloadFeatures.rate(s);
        if (rate < 0) {
            throw new BadInputException("rate must be >= 0 msg/s per producer, got " + rate);
        }
        boolean fixedRate = or(s.fixedRate(), false);
        if (fixedRate && rate == 0) {
            throw new BadInputException("fixed-rate mode needs a rate", "set a rate (msg/s per producer)", null);
        }
        SizeMix sizes = s.sizeMix() != null ? SizeMix.parse(s.sizeMix()) : SizeMix.fixed(or(s.size(), 12));
        PublishSettings publish = new PublishSettings(or(s.confirm(), 0), or(s.producerTxSize(), 0),
                or(s.mandatory(), false));
        ConsumeSettings consume = WorkloadFeatures.consume(s);
        boolean exclusive = or(s.exclusive(), false);
        boolean autoDelete = or(s.autoDelete(), false);
        checkQueueType(queueType, consume, exclusive, autoDelete);
        boolean rpc = or(s.rpc(), false);
        if (rpc && (producers == 0 || consumers == 0)) {
            throw new BadInputException("rpc mode needs producers (clients) and consumers (servers)");
        }
        if (rpc && publish.txSize() > 0) {
            throw new BadInputException("rpc mode cannot use producer transactions");
        }
        if (rpc && consume.startDelaySeconds() > 0) {
            throw new BadInputException("rpc mode cannot delay its consumers: the clients wait for their replies");
        }
        int channelsPerConnection = atLeast("channels-per-connection", or(s.channelsPerConnection(), 100), 1);
        return new Workload(or(s.label(), "custom"), producers, consumers, names, queueCount, queueType,
                s.queueArgs() == null ? Map.of() : new LinkedHashMap<>(s.queueArgs()), exclusive, autoDelete,
                s.exchange(), exchangeType, s.routingKey(), s.bindingKey(), sizes, rate, fixedRate, duration, messages,
                publish, or(s.persistent(), false), consume, rpc,
                channelsPerConnection,
                atLeast("pacing-threads", or(s.pacingThreads(), Runtime.getRuntime().availableProcessors()), 1),
                atLeast("drain-timeout", or(s.drainTimeout(), 10), 0), warmup(s, duration),
                or(s.stopOnFailure(), false), WorkloadFeatures.content(s), WorkloadFeatures.pacing(s),
                WorkloadFeatures.control(s, channelsPerConnection));
    }

    private static int warmup(WorkloadSpec s, int duration) {
        int warmup = atLeast("warmup", or(s.warmup(), 0), 0);
        if (warmup > 0 && duration > 0 && warmup >= duration) {
            throw new BadInputException("warm-up (" + warmup + " s) must be shorter than the duration (" + duration
                    + " s)", "e.g. a duration of 60 s with a warm-up of 10 s", null);
        }
        return warmup;
    }

    private static void checkQueueType(QueueType type, ConsumeSettings consume, boolean exclusive,
                                       boolean autoDelete) {
        if (type != QueueType.CLASSIC && (exclusive || autoDelete)) {
            throw new BadInputException(type.argument() + " queues cannot be exclusive or auto-delete",
                    "use queue-type classic for exclusive or auto-delete queues", null);
        }
        if (type == QueueType.STREAM) {
            // https://www.rabbitmq.com/docs/streams#consuming: AMQP 0-9-1 stream consumers need a prefetch and
            // manual acknowledgements, and basic.get is not supported on streams
            if (consume.autoAck() || consume.prefetch() == 0 || consume.polling()) {
                throw new BadInputException("stream queues need consumers with a prefetch > 0 and manual acks",
                        "set a prefetch and drop auto-ack and polling", null);
            }
        }
    }

    private static List<String> queueNames(WorkloadSpec s) {
        if (s.queue() != null && s.queuePattern() != null) {
            throw new BadInputException("give either queue or queue-pattern, not both");
        }
        if (s.queue() != null) {
            List<String> names = new ArrayList<>();
            for (String name : s.queue().split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
            return names;
        }
        if (s.queuePattern() == null) {
            return List.of();
        }
        if (!s.queuePattern().contains("%d")) {
            throw new BadInputException("queue pattern '" + s.queuePattern() + "' has no %d",
                    "e.g. queue-pattern 'orders-%d' from 1 to 10", null);
        }
        int from = or(s.queuePatternFrom(), 1);
        int to = or(s.queuePatternTo(), from);
        if (to < from) {
            throw new BadInputException("queue-pattern-to (" + to + ") is below queue-pattern-from (" + from + ")");
        }
        List<String> names = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            names.add(String.format(Locale.ROOT, s.queuePattern(), i));
        }
        return names;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new BadInputException("invalid " + option + " '" + value + "'",
                    "one of " + String.join(", ", allowed), e);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new BadInputException(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static long atLeast(String option, long value, long min) {
        if (value < min) {
            throw new BadInputException(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }
}
