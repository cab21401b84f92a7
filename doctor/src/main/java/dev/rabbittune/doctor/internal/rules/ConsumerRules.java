package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.ChannelFacts;
import dev.rabbittune.doctor.snapshot.ConsumerFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How clients consume and publish: prefetch, acknowledgements, polling, confirms, transactions, returns. */
final class ConsumerRules {

    static final Advice PREFETCH_UNLIMITED = new Advice("consumer-prefetch-unlimited", Scope.QUEUE,
            "This consumer has no prefetch limit: the broker pushes the whole backlog to it, which can exhaust "
                    + "the client's memory and starves other consumers (quorum queues cap it at 2000).",
            "clients: channel.basicQos(100..300) before basicConsume", Docs.PREFETCH);
    static final Advice PREFETCH_ONE = new Advice("consumer-prefetch-one", Scope.QUEUE,
            "Prefetch 1 waits a full network round trip per message; throughput is bounded by latency. Fine for "
                    + "long tasks that must be spread evenly, slow for everything else.",
            "clients: channel.basicQos(50..300) unless each message takes seconds to process", Docs.CONFIRMS);
    static final Advice AUTO_ACK = new Advice("consumer-auto-ack-durable-queue", Scope.QUEUE,
            "Auto-ack on a durable queue: messages count as delivered when sent, so a consumer crash loses them, "
                    + "and there is no flow control towards the consumer.",
            "clients: basicConsume(queue, false, …) and ack after processing (basicAck with multiple=true "
                    + "per batch)", Docs.CONFIRMS);
    static final Advice POLLING = new Advice("consumers-polling", Scope.BROKER,
            "Clients poll with basic.get and find queues empty; polling costs a round trip per message and "
                    + "CPU on the node for nothing.",
            "clients: basicConsume with a prefetch instead of basicGet loops", Docs.CONSUMERS);
    static final Advice UNROUTABLE = new Advice("messages-unroutable", Scope.BROKER,
            "Messages are published to exchanges that route them to no queue: they are dropped (or returned).",
            "add the missing bindings, or declare an alternate exchange (policy alternate-exchange) to catch them",
            Docs.PUBLISHERS);
    static final Advice NO_CONFIRMS = new Advice("publishers-without-confirms", Scope.BROKER,
            "Messages are published without publisher confirms: on an alarm, a node failure or a full queue "
                    + "with reject-publish, publishers lose messages without knowing.",
            "clients: channel.confirmSelect() and asynchronous confirm handling with a bounded window",
            Docs.CONFIRMS);
    static final Advice TRANSACTIONS = new Advice("channel-transactional", Scope.CONNECTION,
            "The channel uses AMQP transactions (tx.select); they are slow, block the channel per commit, and "
                    + "publisher confirms give the same guarantee much faster.",
            "clients: replace txSelect/txCommit with confirmSelect and a confirm window", Docs.CONFIRMS);
    static final Advice REDELIVERY = new Advice("redelivery-rate-high", Scope.BROKER,
            "Many messages are redelivered each second: consumers reject/nack with requeue or crash, and the "
                    + "same messages loop (poison messages).",
            "dead-letter failing messages: policy {\"delivery-limit\":20,\"dead-letter-exchange\":\"dlx\"} on "
                    + "quorum queues", Docs.QUORUM);

    private ConsumerRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(PREFETCH_UNLIMITED.id(), ConsumerRules::prefetchUnlimited),
                Rule.of(PREFETCH_ONE.id(), s -> Subjects.capped(s.broker().consumers().stream()
                        .filter(c -> c.prefetchCount() == 1 && c.ackRequired())
                        .map(c -> PREFETCH_ONE.finding(INFO, c.subject(), consumerEvidence(c))).toList(),
                        "consumers")),
                Rule.of(AUTO_ACK.id(), ConsumerRules::autoAck),
                Rule.of(POLLING.id(), ConsumerRules::polling),
                Rule.of(UNROUTABLE.id(), ConsumerRules::unroutable),
                Rule.of(NO_CONFIRMS.id(), ConsumerRules::noConfirms),
                Rule.of(TRANSACTIONS.id(), ConsumerRules::transactions),
                Rule.of(REDELIVERY.id(), ConsumerRules::redelivery));
    }

    private static Map<String, Object> consumerEvidence(ConsumerFacts c) {
        return Evidence.of("prefetchCount", c.prefetchCount(), "ackRequired", c.ackRequired(), "channel",
                c.channelName());
    }

    static List<Finding> prefetchUnlimited(Snapshot s) {
        // a channel-wide (global) prefetch also bounds the consumer
        Map<String, ChannelFacts> channels = byName(s.broker().channels(), ChannelFacts::name);
        return Subjects.capped(s.broker().consumers().stream()
                .filter(c -> c.prefetchCount() == 0 && c.ackRequired())
                .filter(c -> !channels.containsKey(c.channelName())
                        || channels.get(c.channelName()).globalPrefetchCount() == 0)
                .map(c -> PREFETCH_UNLIMITED.finding(WARNING, c.subject(), consumerEvidence(c)))
                .toList(), "consumers");
    }

    static List<Finding> autoAck(Snapshot s) {
        Map<String, QueueFacts> queues = byName(s.broker().queues(), QueueFacts::subject);
        return Subjects.capped(s.broker().consumers().stream()
                .filter(c -> !c.ackRequired())
                .filter(c -> queues.containsKey(QueueFacts.subjectOf(c.vhost(), c.queue()))
                        && queues.get(QueueFacts.subjectOf(c.vhost(), c.queue())).durable())
                .map(c -> AUTO_ACK.finding(WARNING, c.subject(), consumerEvidence(c)))
                .toList(), "consumers");
    }

    static List<Finding> polling(Snapshot s) {
        double rate = s.broker().overview().rates().getEmpty();
        return rate > 0 ? List.of(POLLING.finding(WARNING, ClusterRules.clusterName(s),
                Evidence.of("emptyGetsPerSecond", Evidence.round(rate)))) : List.of();
    }

    static List<Finding> unroutable(Snapshot s) {
        Overview.Rates rates = s.broker().overview().rates();
        double rate = rates.dropUnroutable() + rates.returnUnroutable();
        return rate > 0 ? List.of(UNROUTABLE.finding(WARNING, ClusterRules.clusterName(s),
                Evidence.of("droppedPerSecond", Evidence.round(rates.dropUnroutable()), "returnedPerSecond",
                        Evidence.round(rates.returnUnroutable())))) : List.of();
    }

    static List<Finding> noConfirms(Snapshot s) {
        Overview.Rates rates = s.broker().overview().rates();
        boolean publishing = rates.publish() >= 1;
        boolean unconfirmed = s.broker().channels().stream().anyMatch(c -> !c.confirm() && !c.transactional()
                && c.consumerCount() == 0);
        return publishing && rates.confirm() < 0.01 * rates.publish() && unconfirmed
                ? List.of(NO_CONFIRMS.finding(INFO, ClusterRules.clusterName(s), Evidence.of("publishedPerSecond",
                        Evidence.round(rates.publish()), "confirmedPerSecond", Evidence.round(rates.confirm()))))
                : List.of();
    }

    static List<Finding> transactions(Snapshot s) {
        return Subjects.capped(s.broker().channels().stream().filter(ChannelFacts::transactional)
                .map(c -> TRANSACTIONS.finding(WARNING, c.name(), Evidence.of("transactional", true)))
                .toList(), "channels");
    }

    static List<Finding> redelivery(Snapshot s) {
        double rate = s.broker().overview().rates().redeliver();
        // dashboard thresholds: orange above 20/s, red above 100/s
        return rate > 20 ? List.of(REDELIVERY.finding(rate > 100 ? CRITICAL : WARNING,
                ClusterRules.clusterName(s), Evidence.of("redeliveredPerSecond", Evidence.round(rate)))) : List.of();
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, t -> t, (a, b) -> a));
    }
}
