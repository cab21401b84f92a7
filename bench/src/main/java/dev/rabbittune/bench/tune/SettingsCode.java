package dev.rabbittune.bench.tune;

import dev.rabbittune.client.BatchSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recommended settings as code to paste: the rabbittune client library, plain amqp-client and Spring Boot
 * properties. Knobs a library has no setting for are named as such, not invented.
 */
final class SettingsCode {

    private SettingsCode() {
    }

    static Map<String, String> of(Map<String, Object> settings) {
        Map<String, String> code = new LinkedHashMap<>();
        code.put("rabbittune-client", rabbittune(settings));
        code.put("amqp-client", amqpClient(settings));
        code.put("spring-boot", springBoot(settings));
        return code;
    }

    private static String rabbittune(Map<String, Object> s) {
        List<String> lines = new ArrayList<>();
        if (s.get("prefetch") instanceof Integer prefetch && prefetch > 0) {
            BatchSettings d = BatchSettings.defaults();
            int batch = Math.min(prefetch, d.maxBatch());
            lines.add("BatchSettings batch = new BatchSettings(" + prefetch + ", " + batch + ", Duration.ofMillis("
                    + d.maxWait().toMillis() + "), " + d.concurrency() + ", BatchSettings.FailurePolicy."
                    + d.onFailure().name() + ");");
        }
        if (s.get("confirm") instanceof Integer window && window > 0) {
            lines.add("PublisherSettings publisher = PublisherSettings.defaults().withWindow(" + window + ");");
        }
        if (s.get("prefetch") instanceof Integer prefetch && prefetch == 0) {
            lines.add("// prefetch 0 (unlimited): BatchSettings needs a prefetch, use the amqp-client form");
        }
        if (s.get("confirm") instanceof Integer window && window == 0) {
            lines.add("// confirm 0: ReliablePublisher always uses confirms; without them use plain basicPublish");
        }
        if (s.get("consumers") instanceof Integer consumers) {
            lines.add("batch = batch.withConcurrency(" + consumers + "); // consumers on the queue");
        }
        others(s, lines, "//", "prefetch", "confirm", "consumers");
        return String.join("\n", lines);
    }

    private static String amqpClient(Map<String, Object> s) {
        List<String> lines = new ArrayList<>();
        if (s.get("prefetch") instanceof Integer prefetch) {
            lines.add("channel.basicQos(" + prefetch + "); // per consumer, before basicConsume");
        }
        if (s.get("confirm") instanceof Integer window) {
            lines.add(window > 0 ? "channel.confirmSelect(); // and keep at most " + window + " messages unconfirmed "
                    + "(e.g. a Semaphore(" + window + ") released in the ConfirmListener)" : "// no publisher confirms");
        }
        if (s.get("multi-ack") instanceof Integer every) {
            lines.add("// ack with channel.basicAck(deliveryTag, true) every " + every + " deliveries");
        }
        others(s, lines, "//", "prefetch", "confirm", "multi-ack");
        return String.join("\n", lines);
    }

    /** A .properties file: a comment only at the start of its own line. */
    private static String springBoot(Map<String, Object> s) {
        List<String> lines = new ArrayList<>();
        if (s.get("prefetch") instanceof Integer prefetch) {
            lines.add("spring.rabbitmq.listener.simple.prefetch=" + prefetch);
        }
        if (s.get("confirm") instanceof Integer window) {
            if (window > 0) {
                lines.add("# Spring has no confirm window setting: bound the outstanding CorrelationData yourself ("
                        + window + ")");
            }
            lines.add("spring.rabbitmq.publisher-confirm-type=" + (window > 0 ? "correlated" : "none"));
        }
        if (s.get("consumers") instanceof Integer consumers) {
            lines.add("spring.rabbitmq.listener.simple.concurrency=" + consumers);
        }
        if (s.get("multi-ack") instanceof Integer every) {
            lines.add("# multi-ack every " + every + ": no direct property; a batch listener with "
                    + "spring.rabbitmq.listener.simple.batch-size=" + every + " acknowledges a batch at once");
        }
        others(s, lines, "#", "prefetch", "confirm", "consumers", "multi-ack");
        return String.join("\n", lines);
    }

    /** Workload shape knobs (producers, size, queue type ...) are the application's, not a client setting. */
    private static void others(Map<String, Object> s, List<String> lines, String comment, String... handled) {
        List<String> known = List.of(handled);
        s.forEach((k, v) -> {
            if (!known.contains(k)) {
                lines.add(comment + " " + k + " = " + v + " (a property of the workload, not a client setting)");
            }
        });
    }
}
