package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DoctorReportTest {

    private static DoctorReport spoiled() {
        SnapshotBuilder s = SnapshotBuilder.healthy();
        s.node(0).memAlarm = true;
        s.consumer().prefetch = 1;
        s.connection().heartbeat = 0;
        return DoctorReport.of(s.build());
    }

    @Test
    void consoleGroupsBySeverityOneLineEach() {
        String text = ReportRendering.console(spoiled(), false);
        assertThat(text).containsSubsequence("CRITICAL (1)", "memory-alarm  rabbit@a", "WARNING (1)",
                "heartbeat-disabled", "INFO (1)", "consumer-prefetch-one  orders ctag-1", "1 critical, 1 warning, 1 info");
        assertThat(text).doesNotContain("why:");
    }

    @Test
    void explainAddsWhyFixAndReference() {
        assertThat(ReportRendering.console(spoiled(), true)).contains("why: The memory alarm is in effect",
                "fix: rabbitmq-diagnostics memory_breakdown", "see: https://www.rabbitmq.com/docs/alarms");
    }

    @Test
    void jsonHasFindingsWithEveryFieldAndASummary() throws Exception {
        JsonNode json = Json.mapper().readTree(ReportRendering.json(spoiled()));
        JsonNode first = json.path("findings").get(0);
        assertThat(first.path("id").asText()).isEqualTo("memory-alarm");
        assertThat(first.path("severity").asText()).isEqualTo("critical");
        assertThat(first.path("scope").asText()).isEqualTo("broker");
        assertThat(first.fieldNames()).toIterable().containsExactly("id", "severity", "scope", "subject",
                "evidence", "why", "fix", "reference");
        assertThat(json.path("summary").path("rules").asInt()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void markdownHasATablePerSeverity() {
        assertThat(ReportRendering.markdown(spoiled())).contains("## CRITICAL", "| `memory-alarm` | broker | rabbit@a |",
                "**Fix:**");
    }

    @Test
    void failsAtTheChosenSeverity() {
        DoctorReport report = spoiled();
        assertThat(report.fails(Severity.CRITICAL)).isTrue();
        SnapshotBuilder onlyWarning = SnapshotBuilder.healthy();
        onlyWarning.connection().heartbeat = 0;
        DoctorReport warning = DoctorReport.of(onlyWarning.build());
        assertThat(warning.fails(Severity.CRITICAL)).isFalse();
        assertThat(warning.fails(Severity.WARNING)).isTrue();
    }

    @Test
    void manySubjectsAreFoldedIntoOneFinding() {
        SnapshotBuilder s = SnapshotBuilder.healthy();
        IntStream.range(0, 500).forEach(i -> {
            SnapshotBuilder.Queue q = new SnapshotBuilder.Queue("idle-" + i);
            q.consumers = 0;
            q.ready = 10;
            s.queues.add(q);
        });
        Finding folded = Doctor.diagnose(s.build()).stream()
                .filter(f -> f.id().equals("queue-backlog-no-consumers")).findFirst().orElseThrow();
        assertThat(folded.subject()).isEqualTo("500 queues");
        assertThat(folded.evidence()).containsEntry("count", 500);
    }
}
