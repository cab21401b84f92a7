package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.Snapshot;
import dev.rabbittune.doctor.snapshot.StreamConsumerFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stream consumers that fall behind ({@code offset_lag} of {@code /api/stream/consumers}): with a watch, a lag
 * that grew by more than the threshold is a warning (the consumer reads slower than the stream is written); in a
 * single snapshot only a large lag is told, as INFO, since a consumer catching up after a restart lags too.
 */
final class StreamRules {

    /** Heuristic: a million offsets is minutes of backlog at common stream rates; no documented threshold. */
    static final long LARGE_LAG = 1_000_000;

    static final Advice LAGGING = new Advice("stream-consumer-lagging", Scope.QUEUE,
            "A stream consumer is far behind the end of its stream, or fell further behind during the watch: it "
                    + "reads slower than the stream is written, and what it has not read only waits until "
                    + "retention removes it.",
            "scale the consumer out (more instances with single active consumer per partition, or a super "
                    + "stream), speed up its processing, or check it is not stuck", Docs.STREAMS);

    private StreamRules() {
    }

    static List<Rule> rules() {
        return List.of(Rule.of(LAGGING.id(), StreamRules::lagging));
    }

    static List<Finding> lagging(Snapshot s) {
        Map<String, StreamConsumerFacts> before = s.earlier() == null ? Map.of()
                : s.earlier().broker().streamConsumers().stream()
                        .collect(Collectors.toMap(StreamConsumerFacts::subject, Function.identity(), (a, b) -> a));
        List<Finding> findings = new ArrayList<>();
        for (StreamConsumerFacts c : s.broker().streamConsumers()) {
            StreamConsumerFacts then = before.get(c.subject());
            long growth = then == null ? 0 : c.offsetLag() - then.offsetLag();
            if (then != null && growth > LARGE_LAG / 10) {
                findings.add(LAGGING.finding(WARNING, c.subject(), Evidence.of("offsetLagBefore", then.offsetLag(),
                        "offsetLag", c.offsetLag(), "overSeconds", Evidence.round(s.secondsSinceEarlier()))));
            } else if (c.offsetLag() >= LARGE_LAG) {
                findings.add(LAGGING.finding(INFO, c.subject(), Evidence.of("offsetLag", c.offsetLag(),
                        "threshold", "heuristic: " + LARGE_LAG + " offsets")));
            }
        }
        return Subjects.capped(findings, "stream consumers");
    }
}
