package dev.rabbittune.doctor.internal.rules;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Severity;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps reports readable on big brokers: when one rule fires on many queues or connections, the findings are folded
 * into one that counts them and names the worst few, instead of 10,000 lines.
 */
final class Subjects {

    /** Above this many subjects, findings of one rule are folded into one. */
    static final int MAX_LISTED = 20;
    private static final int NAMED_IN_FOLD = 10;

    private Subjects() {
    }

    static List<Finding> capped(List<Finding> findings, String noun) {
        if (findings.size() <= MAX_LISTED) {
            return findings;
        }
        List<Finding> worstFirst = findings.stream()
                .sorted(Comparator.comparing(Finding::severity)).toList();
        Finding worst = worstFirst.get(0);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", findings.size());
        evidence.put("examples", worstFirst.stream().limit(NAMED_IN_FOLD).map(Finding::subject).toList());
        evidence.put("firstExample", worst.evidence());
        Severity severity = worst.severity();
        return List.of(new Finding(worst.id(), severity, worst.scope(), findings.size() + " " + noun, evidence,
                worst.why(), worst.fix(), worst.reference()));
    }
}
