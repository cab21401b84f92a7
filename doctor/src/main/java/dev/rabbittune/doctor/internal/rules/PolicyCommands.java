package dev.rabbittune.doctor.internal.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rabbittune.core.Json;
import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.PolicyFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the {@code rabbitmqctl set_policy} command that gives one queue more policy keys without creating a
 * policy that competes with the one in force. Only one user policy applies to a queue: the highest priority wins
 * and between equal priorities the choice is undefined (policies guide), so a second {@code '.*'} policy at the
 * same priority may apply or not. Hence: keys go into the policy that applies; a new policy is written only for a
 * queue no policy matches, with a pattern that names that queue alone unless its vhost has no policy at all.
 * {@code --apply-to quorum_queues|streams|classic_queues} exist from 3.12 only; before that, {@code queues} with
 * the queue's own name keeps the policy off other types.
 */
final class PolicyCommands {

    private PolicyCommands() {
    }

    /**
     * @param newName   name for a new policy, when one has to be created
     * @param keys      the keys to set; in the applied policy they replace keys of the same name
     * @param queueKind {@code quorum_queues}, {@code streams}, {@code classic_queues} or {@code queues}
     */
    static String setKeys(Snapshot s, QueueFacts q, String newName, Map<String, Object> keys, String queueKind) {
        PolicyFacts applied = appliedPolicy(s, q);
        if (applied != null) {
            Map<String, Object> merged = new LinkedHashMap<>(applied.definition());
            if (BrokerRelease.of(s).has(VersionFact.CLASSIC_MIRRORING_REMOVED)) {
                merged.keySet().removeIf(k -> k.startsWith("ha-")); // they do nothing since 4.0
            }
            merged.putAll(keys);
            return command(q.vhost(), applied.name(), applied.pattern(), merged, applied.priority(),
                    applied.applyTo() == null ? "queues" : applied.applyTo())
                    + "; the keys go into " + applied.name() + ", the policy that applies now, because a second "
                    + "policy of the same priority would compete with it";
        }
        if (q.policy() != null) {
            // a policy applies but was not listed (no permission to read it): name it rather than compete with it
            return "add " + shell(json(keys)) + " to the definition of the policy " + q.policy() + " that applies to "
                    + "this queue (rabbitmqctl list_policies shows its pattern and priority; set_policy with the "
                    + "same name, pattern and priority replaces it)";
        }
        boolean typeSpecific = !"queues".equals(queueKind);
        boolean byType = typeSpecific && BrokerRelease.of(s).has(VersionFact.POLICY_APPLY_TO_QUEUE_TYPE);
        boolean vhostHasPolicies = s.broker().policies().stream()
                .anyMatch(p -> !p.operatorPolicy() && sameVhost(p.vhost(), q.vhost()));
        // '.*' only where it cannot compete (no policy in the vhost) nor reach other queue types
        boolean wholeVhost = !vhostHasPolicies && (!typeSpecific || byType);
        String pattern = wholeVhost ? ".*" : "^" + escapeRegex(q.name()) + "$";
        // a policy per queue gets the queue's name, so the fixes of two queues do not replace each other (or an
        // existing policy of the same name)
        String name = wholeVhost ? newName : unusedName(s, q.vhost(), newName + "-" + q.name());
        return command(q.vhost(), name, pattern, keys, 0, byType ? queueKind : "queues")
                + "; one policy applies per queue: when other findings also add keys for this queue, put all of "
                + "them into this one command";
    }

    private static String unusedName(Snapshot s, String vhost, String wanted) {
        String name = wanted;
        for (int n = 2; policyExists(s, vhost, name); n++) {
            name = wanted + "-" + n;
        }
        return name;
    }

    private static boolean policyExists(Snapshot s, String vhost, String name) {
        return s.broker().policies().stream().anyMatch(p -> sameVhost(p.vhost(), vhost) && p.name().equals(name));
    }

    /** The user policy in force on {@code q}, or null. */
    static PolicyFacts appliedPolicy(Snapshot s, QueueFacts q) {
        if (q.policy() == null) {
            return null;
        }
        return s.broker().policies().stream()
                .filter(p -> !p.operatorPolicy() && p.name().equals(q.policy()) && sameVhost(p.vhost(), q.vhost()))
                .findFirst().orElse(null);
    }

    static String command(String vhost, String name, String pattern, Map<String, Object> definition, int priority,
            String applyTo) {
        String vhostFlag = vhost == null || vhost.equals("/") ? "" : "-p " + shell(vhost) + " ";
        return "rabbitmqctl set_policy " + vhostFlag + shell(name) + " " + shell(pattern) + " " + shell(json(definition))
                + " --priority " + priority + " --apply-to " + applyTo;
    }

    private static boolean sameVhost(String a, String b) {
        return (a == null ? "/" : a).equals(b == null ? "/" : b);
    }

    static String escapeRegex(String name) {
        return name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }

    private static String json(Map<String, Object> definition) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Single-quoted for a POSIX shell. */
    static String shell(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
