package dev.rabbittune.doctor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing the doctor found, with what it saw, why it matters and what to change.
 *
 * @param id        stable kebab-case rule id (e.g. {@code queue-backlog-no-consumers}); scripts may match on it
 * @param severity  how urgent
 * @param scope     host, broker, cluster, queue or connection
 * @param subject   the node, queue ({@code vhost/name}), connection … it is about
 * @param evidence  the observed values, in a stable order
 * @param why       one or two sentences on the consequence
 * @param fix       the exact change: a rabbitmq.conf line, a policy command, a sysctl line or a client change
 * @param reference the documentation the rule rests on
 */
@JsonPropertyOrder({"id", "severity", "scope", "subject", "evidence", "why", "fix", "reference"})
public record Finding(String id, Severity severity, Scope scope, String subject, Map<String, Object> evidence,
        String why, String fix, String reference) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(scope, "scope");
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("finding id must be kebab-case: " + id);
        }
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
