package dev.rabbittune.doctor.internal.rules;

import dev.rabbittune.doctor.Rule;
import java.util.ArrayList;
import java.util.List;

/** Every rule the doctor runs, grouped by what they look at. */
public final class RuleCatalog {

    private static final List<Rule> ALL = build();

    private RuleCatalog() {
    }

    /** All rules, in a stable order; ids are unique. */
    public static List<Rule> all() {
        return ALL;
    }

    private static List<Rule> build() {
        List<Rule> rules = new ArrayList<>();
        rules.addAll(HostRules.rules());
        rules.addAll(ResourceRules.rules());
        rules.addAll(ClusterRules.rules());
        rules.addAll(NodeHealthRules.rules());
        rules.addAll(BrokerRules.rules());
        rules.addAll(ConnectionRules.rules());
        rules.addAll(ConsumerRules.rules());
        rules.addAll(QueueRules.rules());
        rules.addAll(QueueTypeRules.rules());
        rules.addAll(DeprecationRules.rules());
        rules.addAll(TrendRules.rules());
        rules.addAll(TlsRules.rules());
        rules.addAll(StreamRules.rules());
        long distinct = rules.stream().map(Rule::id).distinct().count();
        if (distinct != rules.size()) {
            throw new IllegalStateException("duplicate rule ids in the catalog");
        }
        return List.copyOf(rules);
    }
}
