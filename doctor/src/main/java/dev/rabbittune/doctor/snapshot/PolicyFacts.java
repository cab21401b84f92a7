package dev.rabbittune.doctor.snapshot;

import java.util.Map;

/**
 * A policy or operator policy.
 *
 * @param vhost          virtual host
 * @param name           policy name
 * @param pattern        queue/exchange name regex
 * @param applyTo        queues, exchanges, all, classic_queues, quorum_queues, streams
 * @param priority       higher wins
 * @param definition     keys such as max-length, ha-mode, delivery-limit
 * @param operatorPolicy true for an operator policy
 */
public record PolicyFacts(String vhost, String name, String pattern, String applyTo, int priority,
        Map<String, Object> definition, boolean operatorPolicy) {

    public PolicyFacts {
        definition = definition == null ? Map.of() : Map.copyOf(definition);
    }
}
