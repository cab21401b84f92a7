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
        others(s, lines, "prefetch", "confirm");
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
        others(s, lines, "prefetch", "confirm", "multi-ack");
        return String.join("\n", lines);
    }

    private static String springBoot(Map<String, Object> s) {
        List<String> lines = new ArrayList<>();
        if (s.get("prefetch") instanceof Integer prefetch) {
            lines.add("spring.rabbitmq.listener.simple.prefetch=" + prefetch);
        }
        if (s.get("confirm") instanceof Integer window) {
            lines.add("spring.rabbitmq.publisher-confirm-type=" + (window > 0 ? "correlated" : "none")
                    + (window > 0 ? "  # Spring has no window setting: bound the outstanding CorrelationData "
                            + "yourself (" + window + ")" : ""));
        }
        if (s.get("multi-ack") instanceof Integer) {
            lines.add("# multi-ack: no Spring Boot property (AcknowledgeMode.AUTO acknowledges each message)");
        }
        others(s, lines, "prefetch", "confirm", "multi-ack");
        return String.join("\n", lines);
    }

    /** Workload shape knobs (producers, size, queue type ...) are the application's, not a client setting. */
    private static void others(Map<String, Object> s, List<String> lines, String... handled) {
        List<String> known = List.of(handled);
        s.forEach((k, v) -> {
            if (!known.contains(k)) {
                lines.add("// " + k + " = " + v + " (a property of the workload, not a client setting)");
            }
        });
    }
}
