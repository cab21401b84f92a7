package dev.rabbittune.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code rabbittune doctor --json} report.
 *
 * @param name          the file's name
 * @param source        where the snapshot came from (credentials masked)
 * @param takenAt       when
 * @param brokerVersion the broker's version, "unknown" when the snapshot had none
 * @param nodes         cluster members seen
 * @param rules         rules evaluated
 * @param findings      most severe first, as the doctor ordered them
 */
record FindingsInput(String name, String source, String takenAt, String brokerVersion, int nodes, int rules,
        List<Finding> findings) implements ReportInput {

    /** The severities, most urgent first, as the doctor spells them in JSON. */
    static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    /**
     * One finding.
     *
     * @param evidence the observed values as {@code key=value} pairs
     */
    record Finding(String id, String severity, String subject, List<Fact> evidence, String why, String fix,
            String reference) {
    }

    static FindingsInput of(String name, JsonNode report) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode finding : report.path("findings")) {
            List<Fact> evidence = new ArrayList<>();
            finding.path("evidence").fields().forEachRemaining(e -> evidence.add(new Fact(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
            findings.add(new Finding(finding.path("id").asText(), finding.path("severity").asText("info"),
                    finding.path("subject").asText(""), evidence, finding.path("why").asText(""),
                    finding.path("fix").asText(""), finding.path("reference").asText("")));
        }
        JsonNode summary = report.path("summary");
        return new FindingsInput(name, summary.path("source").asText(""), summary.path("takenAt").asText(""),
                summary.path("brokerVersion").asText("unknown"), summary.path("nodes").asInt(),
                summary.path("rules").asInt(), findings);
    }

    /** The three known severities, most urgent first, then any other a newer doctor wrote (so none is dropped). */
    List<String> severities() {
        List<String> all = new ArrayList<>(SEVERITIES);
        findings.stream().map(Finding::severity).filter(s -> !all.contains(s)).distinct().forEach(all::add);
        return all;
    }

    List<Finding> withSeverity(String severity) {
        return findings.stream().filter(f -> f.severity().equals(severity)).toList();
    }

    @Override
    public String describe() {
        return "findings: " + name + " (" + severities().stream().map(s -> withSeverity(s).size() + " " + s)
                .reduce((a, b) -> a + ", " + b).orElse("") + ")";
    }
}
