package dev.rabbittune.doctor.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * One queue from {@code /api/queues} (read with {@code columns=} so 10,000 queues stay cheap).
 *
 * @param vhost                virtual host
 * @param name                 queue name
 * @param type                 classic, quorum or stream
 * @param node                 the node hosting it (the leader for quorum queues and streams)
 * @param durable              survives a restart
 * @param autoDelete           deleted with its last consumer
 * @param exclusive            owned by one connection
 * @param state                running, idle, down, crashed …
 * @param arguments            {@code x-} arguments given at declaration
 * @param policy               name of the applied policy, or null
 * @param effectivePolicy      the effective policy definition (policy and operator policy merged)
 * @param messagesReady        messages waiting for delivery
 * @param messagesUnacked      delivered, not yet acknowledged
 * @param messageBytes         bytes of all its messages
 * @param consumers            consumer count
 * @param consumerUtilisation  fraction of time consumers could take messages (0..1), null when unknown
 * @param messagesReadyRate    change of {@code messages_ready} per second (positive = growing)
 * @param members              quorum queue / stream members (nodes)
 * @param online               members currently online
 * @param mirrorNodes          classic mirrored queue mirrors ({@code slave_nodes})
 * @param leader               quorum queue leader ({@code leader}; null when none is elected, or not reported)
 */
public record QueueFacts(String vhost, String name, String type, String node, boolean durable, boolean autoDelete,
        boolean exclusive, String state, Map<String, Object> arguments, String policy,
        Map<String, Object> effectivePolicy, long messagesReady, long messagesUnacked, long messageBytes,
        int consumers, Double consumerUtilisation, double messagesReadyRate, List<String> members,
        List<String> online, List<String> mirrorNodes, String leader) {

    public QueueFacts {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        effectivePolicy = effectivePolicy == null ? Map.of() : Map.copyOf(effectivePolicy);
        members = members == null ? List.of() : List.copyOf(members);
        online = online == null ? List.of() : List.copyOf(online);
        mirrorNodes = mirrorNodes == null ? List.of() : List.copyOf(mirrorNodes);
        type = type == null ? "classic" : type;
    }

    /** A queue whose leader was not read (the form before leaders were probed). */
    public QueueFacts(String vhost, String name, String type, String node, boolean durable, boolean autoDelete,
            boolean exclusive, String state, Map<String, Object> arguments, String policy,
            Map<String, Object> effectivePolicy, long messagesReady, long messagesUnacked, long messageBytes,
            int consumers, Double consumerUtilisation, double messagesReadyRate, List<String> members,
            List<String> online, List<String> mirrorNodes) {
        this(vhost, name, type, node, durable, autoDelete, exclusive, state, arguments, policy, effectivePolicy,
                messagesReady, messagesUnacked, messageBytes, consumers, consumerUtilisation, messagesReadyRate,
                members, online, mirrorNodes, null);
    }

    /** The queue as findings name it: its name in the default vhost, {@code vhost/name} elsewhere. */
    public String subject() {
        return subjectOf(vhost, name);
    }

    /** See {@link #subject()}. */
    public static String subjectOf(String vhost, String name) {
        return vhost == null || vhost.equals("/") ? name : vhost + "/" + name;
    }

    /**
     * The value a queue uses for a setting that can come from an argument ({@code x-key}) or a policy
     * ({@code key}); the argument wins, as the broker does for most keys.
     */
    public Object setting(String key) {
        Object argument = arguments.get("x-" + key);
        return argument != null ? argument : effectivePolicy.get(key);
    }

    @JsonIgnore
    public boolean isQuorum() {
        return "quorum".equals(type);
    }

    @JsonIgnore
    public boolean isStream() {
        return "stream".equals(type);
    }
}
