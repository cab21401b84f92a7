package dev.rabbittune.doctor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one diagnosis and their summary: data only; {@link ReportRendering} writes it as console text, JSON
 * or Markdown.
 *
 * @param findings most severe first
 * @param summary  counts and where the snapshot came from
 */
@JsonPropertyOrder({"tool", "formatVersion", "findings", "summary"})
public record DoctorReport(List<Finding> findings, Summary summary) {

    /** Names the file's kind, so {@code rabbittune report} can tell findings from a bench result or a sweep. */
    public static final String TOOL = "rabbittune-doctor";
    /** The JSON form's version; a reader refuses a newer one. */
    public static final int FORMAT_VERSION = 1;

    public DoctorReport {
        findings = List.copyOf(findings);
    }

    /** {@link #TOOL}, in the JSON form. */
    @com.fasterxml.jackson.annotation.JsonProperty("tool")
    public String tool() {
        return TOOL;
    }

    /** {@link #FORMAT_VERSION}, in the JSON form. */
    @com.fasterxml.jackson.annotation.JsonProperty("formatVersion")
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /**
     * @param source        management URL or snapshot file the findings rest on (no credentials)
     * @param takenAt       when the snapshot was taken
     * @param brokerVersion RabbitMQ version, null when unknown
     * @param nodes         cluster members seen
     * @param hostProbed    whether host facts were available
     * @param rules         rules evaluated
     * @param counts        findings per severity
     */
    public record Summary(String source, String takenAt, String brokerVersion, int nodes, boolean hostProbed,
            int rules, Map<Severity, Integer> counts) {
    }

    /** Diagnoses {@code snapshot} with every rule. */
    public static DoctorReport of(Snapshot snapshot) {
        List<Finding> findings = Doctor.diagnose(snapshot);
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, (int) findings.stream().filter(f -> f.severity() == severity).count());
        }
        return new DoctorReport(findings, new Summary(snapshot.source(), snapshot.takenAt(),
                snapshot.broker().overview().rabbitmqVersion(), snapshot.broker().nodes().size(),
                snapshot.host() != null, Doctor.rules().size(), counts));
    }

    /** True when a finding is at least as severe as {@code bar}: the check fails. */
    public boolean fails(Severity bar) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(bar));
    }
}
