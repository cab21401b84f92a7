package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the parts of a {@link WorkloadSpec} that came with PerfTest's options (message content, pacing, consumer
 * behaviour, run control) and checks them, so that {@link Workload#resolve} stays about the core workload.
 */
final class WorkloadFeatures {

    private WorkloadFeatures() {
    }

    static MessageContent content(WorkloadSpec s) {
        List<Path> files = new ArrayList<>();
        if (s.body() != null) {
            for (String file : s.body().split(",")) {
                if (!file.isBlank()) {
                    files.add(Path.of(file.trim()));
                }
            }
        }
        boolean json = or(s.jsonBody(), false);
        if (json && !files.isEmpty()) {
            throw new BadInputException("give either body or json-body, not both");
        }
        int bodyCount = or(s.bodyCount(), 100);
        int fieldCount = or(s.bodyFieldCount(), 1000);
        if (bodyCount < 1 || fieldCount < 1) {
            throw new BadInputException("body-count and body-field-count must be >= 1");
        }
        int cacheSize = or(s.routingKeyCacheSize(), 0);
        if (cacheSize < 0) {
            throw new BadInputException("routing-key-cache-size must be >= 0, got " + cacheSize);
        }
        Map<String, Object> properties = s.messageProperties() == null ? Map.of() : s.messageProperties();
        MessageProperties.check(properties);
        return new MessageContent(VariableValues.parse("variable-size", s.variableSize(), 1), files,
                s.bodyContentType(), json, bodyCount, fieldCount, properties, or(s.useMillis(), false),
                or(s.randomRoutingKey(), false), cacheSize);
    }

    /** The per-producer rate: {@code rate}, or one message every {@code publishing-interval} seconds. */
    static double rate(WorkloadSpec s) {
        if (s.publishingInterval() == null) {
            return s.rate() == null ? 0 : s.rate();
        }
        if (s.rate() != null) {
            throw new BadInputException("give either rate or publishing-interval, not both");
        }
        // PerfTest refuses intervals below 100 ms (PerfTest.parsePublishingInterval)
        if (s.publishingInterval() < 0.1) {
            throw new BadInputException("publishing-interval must be >= 0.1 s, got " + s.publishingInterval(),
                    "for faster publishing set a rate (msg/s)", null);
        }
        return 1 / s.publishingInterval();
    }

    static ProducerPacing pacing(WorkloadSpec s) {
        int delay = or(s.producerRandomStartDelay(), 0);
        if (delay < 0) {
            throw new BadInputException("producer-random-start-delay must be >= 0 s, got " + delay);
        }
        return new ProducerPacing(VariableValues.parse("variable-rate", s.variableRate(), 0), delay);
    }

    static ConsumeSettings consume(WorkloadSpec s) {
        Integer fixedLatency = s.consumerLatency();
        if (fixedLatency != null && fixedLatency < 0) {
            throw new BadInputException("consumer-latency must be >= 0 microseconds, got " + fixedLatency);
        }
        if (fixedLatency != null && s.variableLatency() != null) {
            throw new BadInputException("give either consumer-latency or variable-latency, not both");
        }
        VariableValues latency = VariableValues.parse("variable-latency", s.variableLatency(), 0);
        if (latency == null && fixedLatency != null && fixedLatency > 0) {
            latency = new VariableValues(List.of(new VariableValues.Step(fixedLatency, Integer.MAX_VALUE)));
        }
        return new ConsumeSettings(or(s.prefetch(), 0), or(s.multiAckEvery(), 1), or(s.autoAck(), false),
                s.consumerRate() == null ? 0 : s.consumerRate(), or(s.polling(), false), latency, or(s.ctxsize(), 0),
                s.consumerArgs(), or(s.globalQos(), 0), or(s.pollingInterval(), 0), or(s.cmessages(), 0L),
                or(s.consumerStartDelay(), 0), or(s.slowStart(), false), or(s.nack(), false),
                or(s.requeue(), true));
    }

    static RunControl control(WorkloadSpec s, int channelsPerConnection) {
        RunControl.ExitWhen exitWhen;
        try {
            exitWhen = RunControl.ExitWhen.valueOf(or(s.exitWhen(), "never").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("invalid exit-when '" + s.exitWhen() + "'", "use empty or idle", e);
        }
        int interval = or(s.interval(), 1);
        int shutdown = or(s.shutdownTimeout(), 5);
        if (interval < 1) {
            throw new BadInputException("interval must be >= 1 s, got " + interval);
        }
        int producerChannels = or(s.producerChannelCount(), channelsPerConnection);
        int consumerChannels = or(s.consumerChannelCount(), channelsPerConnection);
        if (producerChannels < 1 || consumerChannels < 1) {
            throw new BadInputException("channel counts per connection must be >= 1");
        }
        return new RunControl(exitWhen, or(s.cmessages(), 0L), interval, Math.max(0, shutdown),
                or(s.skipBindingQueues(), false), producerChannels, consumerChannels);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
