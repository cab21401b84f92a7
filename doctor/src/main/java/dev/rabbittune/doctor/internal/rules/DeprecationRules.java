package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.internal.versions.Release;
import dev.rabbittune.doctor.snapshot.ChannelFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Deprecated features in use, found from what the broker shows (its own {@code /api/deprecated-features/used},
 * 3.13+, reports only features with a detection callback: not global QoS). Phases per version, from the
 * {@code -rabbit_deprecated_feature} attributes in {@code rabbitmq-server}: {@code global_qos} and
 * {@code transient_nonexcl_queues} permitted by default from 3.13 to 4.2 and denied by default in 4.3
 * ({@code rabbit_channel.erl@v4.3.5:236-238}, {@code rabbit_amqqueue.erl@v4.3.5:114-116});
 * {@code queue_master_locator} deprecated in 4.0, denied by default in 4.3 ({@code rabbit_queue_location.erl@v4.3.5:25-27}).
 * Classic queue mirroring has its own rule.
 */
final class DeprecationRules {

    static final Advice DEPRECATED = new Advice("deprecated-feature-used", Scope.BROKER,
            "A deprecated feature is in use. Deprecated features are permitted by default, then denied by default, "
                    + "then removed. 4.3 denies by default: transient non-exclusive queues (new ones are refused), "
                    + "queue_master_locator, and global QoS, which it does not refuse but applies per consumer "
                    + "without a word, so N consumers on a channel may then hold N × the prefetch unacknowledged.",
            "see the fix of each feature", Docs.DEPRECATED_FEATURES);

    private DeprecationRules() {
    }

    /** A deprecated feature: its name, from which release on it is denied by default, and how to stop using it. */
    private record Feature(String name, Release deprecatedSince, Release deniedSince, String fix,
            Function<Snapshot, List<String>> users) {
    }

    private static final Release V3_13 = new Release(3, 13, 0);
    private static final Release V4_0 = new Release(4, 0, 0);
    private static final Release V4_3 = new Release(4, 3, 0);

    private static final List<Feature> FEATURES = List.of(
            // from 4.3 a denied global QoS is applied per consumer (rabbit_channel.erl@v4.3.5:1431-1447), so the
            // channel shows no global prefetch and this cannot be seen there any more
            new Feature("global_qos", V3_13, V4_3, "clients: basic.qos with global=false (a per-consumer prefetch), "
                    + "sized for what each consumer may hold; from 4.3 a global prefetch silently becomes one per "
                    + "consumer (the broker's own deprecated-features report does not detect global QoS)",
                    s -> s.broker().channels().stream().filter(c -> c.globalPrefetchCount() > 0)
                            .map(ChannelFacts::name).toList()),
            new Feature("transient_nonexcl_queues", V3_13, V4_3, "declare these queues durable (or exclusive, if "
                    + "they belong to one connection); 4.3 refuses new ones unless rabbitmq.conf has "
                    + "deprecated_features.permit.transient_nonexcl_queues = true",
                    s -> s.broker().queues().stream().filter(q -> !q.durable() && !q.exclusive())
                            .map(QueueFacts::subject).toList()),
            new Feature("queue_master_locator", V4_0, V4_3, "use x-queue-leader-locator or the queue-leader-locator "
                    + "policy key instead (the rabbitmq.conf key queue_master_locator is ignored since 4.0: use "
                    + "queue_leader_locator)",
                    s -> {
                        List<String> users = new ArrayList<>(s.broker().queues().stream()
                                .filter(q -> q.setting("queue-master-locator") != null)
                                .map(QueueFacts::subject).toList());
                        if (s.broker().configValue("queue_master_locator") != null) {
                            users.add("rabbitmq.conf queue_master_locator");
                        }
                        return users;
                    }));

    static List<Rule> rules() {
        return List.of(Rule.of(DEPRECATED.id(), DeprecationRules::deprecated));
    }

    /** Silent before the feature was deprecated; a warning from 4.2 on (4.3 denies them), INFO before. */
    static List<Finding> deprecated(Snapshot s) {
        Release release = Release.parse(s.broker().overview().rabbitmqVersion());
        if (release == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (Feature feature : FEATURES) {
            List<String> users = release.compareTo(feature.deprecatedSince()) >= 0 ? feature.users().apply(s)
                    : List.of();
            if (users.isEmpty()) {
                continue;
            }
            boolean denied = release.compareTo(feature.deniedSince()) >= 0;
            String phase = denied ? "denied by default since " + feature.deniedSince().series()
                    : "permitted by default; denied by default from " + feature.deniedSince().series();
            findings.add(DEPRECATED.finding(release.atLeast(4, 2, 0) ? WARNING : INFO, feature.name(),
                    Evidence.of("feature", feature.name(), "phase", phase, "count", users.size(), "examples",
                            users.stream().limit(Subjects.MAX_LISTED / 2).toList()), feature.fix()));
        }
        return findings;
    }
}
